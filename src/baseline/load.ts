import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { usageError } from '../core/errors.ts';
import { type Baseline, expiryInstant, type Suppression } from './baseline.ts';

const KEYS = new Set(['finding', 'check', 'endpoint', 'reason', 'expires']);

export function loadBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw usageError(`baseline ${path} cannot be parsed: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseBaseline(data, path);
}

/** Validates a baseline document; every problem names the entry and the key. */
export function parseBaseline(data: unknown, source: string): Baseline {
  const fail = (where: string, why: string) => usageError(`baseline ${source}: ${where}: ${why}`);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw fail('(top level)', 'expected an object');
  const doc = data as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (key !== 'version' && key !== 'suppressions') throw fail('(top level)', `unknown key "${key}"`);
  }
  if (doc.version !== undefined && doc.version !== 1) throw fail('version', 'must be 1');
  if (!Array.isArray(doc.suppressions)) throw fail('suppressions', 'must be a list');
  const suppressions = doc.suppressions.map((raw, i): Suppression => {
    const where = `suppressions[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw fail(where, 'expected an object');
    const entry = raw as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry)) {
      if (!KEYS.has(key)) throw fail(where, `unknown key "${key}"`);
      // YAML reads an unquoted 2026-12-31 as a date.
      if (key === 'expires' && value instanceof Date) entry[key] = value.toISOString().slice(0, 10);
      else if (typeof value !== 'string') throw fail(`${where}.${key}`, 'must be a string');
    }
    const s = entry as unknown as Suppression;
    if (!s.reason?.trim()) throw fail(where, 'missing "reason" (say why the finding is accepted)');
    if (!s.finding && !s.check) throw fail(where, 'needs "finding" (a finding id) or "check" (a check id)');
    if (s.endpoint !== undefined && !/^[A-Za-z]+ \/\S*$/.test(s.endpoint.trim())) {
      throw fail(`${where}.endpoint`, `expected "METHOD /path", got "${s.endpoint}"`);
    }
    if (s.expires !== undefined && Number.isNaN(expiryInstant(s.expires))) {
      throw fail(`${where}.expires`, `"${s.expires}" is not a date (use YYYY-MM-DD)`);
    }
    return s;
  });
  return { version: 1, suppressions };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  const text = /\.json$/i.test(path)
    ? `${JSON.stringify(baseline, null, 2)}\n`
    : `# apiward baseline: accepted findings. Each needs a reason; "expires" brings it back after that day.\n${toYaml(baseline)}`;
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw usageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
