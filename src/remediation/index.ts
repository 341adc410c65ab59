import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Remediation, StackFingerprint } from '../core/types.ts';

/**
 * Remediation lives as data: `data/<check-id>.yaml`, a list of variants keyed by stack
 * (framework, datastore, language) plus a generic fallback. The report picks the variant that
 * matches the fingerprinted stack best.
 */
export interface RemediationVariant {
  when?: { framework?: string; datastore?: string; language?: string };
  summary: string;
  steps: string[];
  code?: { language: string; source: string };
}

export interface RemediationFile {
  check: string;
  variants: RemediationVariant[];
}

const DATA_DIR = new URL('./data/', import.meta.url);
let cache: Map<string, RemediationFile> | undefined;

export function loadRemediations(): Map<string, RemediationFile> {
  if (cache) return cache;
  cache = new Map();
  for (const name of readdirSync(DATA_DIR)) {
    if (!name.endsWith('.yaml')) continue;
    const file = parseYaml(readFileSync(new URL(name, DATA_DIR), 'utf8')) as RemediationFile;
    cache.set(file.check, file);
  }
  return cache;
}

/** Pure: the most specific variant whose conditions all hold for the stack; the generic one otherwise. */
export function chooseVariant(
  file: RemediationFile,
  stack: StackFingerprint,
): RemediationVariant | undefined {
  let best: RemediationVariant | undefined;
  let bestScore = -1;
  for (const variant of file.variants) {
    const conditions = Object.entries(variant.when ?? {});
    const holds = conditions.every(([key, value]) => stack[key as keyof StackFingerprint] === value);
    if (holds && conditions.length > bestScore) {
      best = variant;
      bestScore = conditions.length;
    }
  }
  return best;
}

export function variantName(variant: RemediationVariant): string {
  const parts = Object.values(variant.when ?? {});
  return parts.length ? parts.join('+') : 'generic';
}

export function remediationFor(check: string, stack: StackFingerprint): Remediation {
  const file = loadRemediations().get(check);
  const variant = file ? chooseVariant(file, stack) : undefined;
  if (!variant)
    return { summary: 'No remediation text available for this check.', variant: 'none', steps: [] };
  const out: Remediation = { summary: variant.summary, variant: variantName(variant), steps: variant.steps };
  if (variant.code) out.code = variant.code;
  return out;
}
