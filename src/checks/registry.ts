import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Check } from '../engine/context.ts';

const CHECKS_DIR = fileURLToPath(new URL('./', import.meta.url));
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function checkFiles(): string[] {
  return readdirSync(CHECKS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.check.ts'))
    .sort();
}

const idOf = (file: string) => (file.split('/').pop() ?? file).replace(/\.check\.ts$/, '');

/** Check ids without loading the modules (a check's file is named after its id), optionally of one area folder. */
export function listCheckIds(area?: string): string[] {
  return checkFiles()
    .filter((f) => !area || f.startsWith(`${area}/`))
    .map(idOf)
    .sort();
}

/**
 * Every `*.check.ts` module under src/checks is a check: its default export carries the metadata
 * beside the logic. Adding a check means adding a file — there is no central list to edit.
 */
export async function loadChecks(): Promise<Check[]> {
  const files = checkFiles();
  const checks: Check[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    let check: Check | undefined;
    try {
      check = ((await import(pathToFileURL(`${CHECKS_DIR}${file}`).href)) as { default?: Check }).default;
    } catch (error) {
      // One broken check must not sink every scan: it runs as a stub that reports the import error.
      checks.push(brokenCheck(file, error));
      continue;
    }
    if (!check?.meta || typeof check.run !== 'function') {
      throw new Error(`check module ${file} has no default export with meta and run()`);
    }
    if (!ID_PATTERN.test(check.meta.id))
      throw new Error(`check ${file}: id "${check.meta.id}" is not kebab-case`);
    if (ids.has(check.meta.id)) throw new Error(`check id "${check.meta.id}" is defined twice`);
    if (check.meta.id !== idOf(file))
      throw new Error(`check ${file}: file name must be its id "${check.meta.id}"`);
    ids.add(check.meta.id);
    checks.push(check);
  }
  return checks;
}

export function brokenCheck(file: string, error: unknown): Check {
  const id = idOf(file);
  const reason = `check module failed to load: ${(error as Error).message?.split('\n')[0] ?? String(error)}`;
  return {
    meta: {
      id,
      title: id,
      category: 'authentication',
      severity: 'info',
      owasp: 'API2:2023',
      cwe: 'CWE-1',
      description: reason,
      references: [],
      compliance: [],
    },
    run: () => Promise.reject(new Error(reason)),
  };
}

/** Picks the checks a scan runs: passive ones always, active ones only with --active, then include/exclude. */
export function selectChecks(
  all: readonly Check[],
  options: { active: boolean; include?: readonly string[]; exclude?: readonly string[] },
): Check[] {
  const matches = (id: string, patterns: readonly string[]) =>
    patterns.some((p) => (p.endsWith('*') ? id.startsWith(p.slice(0, -1)) : id === p));
  return all.filter(
    (c) =>
      (options.active || !c.meta.active) &&
      (!options.include?.length || matches(c.meta.id, options.include)) &&
      !(options.exclude?.length && matches(c.meta.id, options.exclude)),
  );
}
