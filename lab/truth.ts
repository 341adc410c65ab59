// Ground-truth files (`lab/apps/<seed>/<variant>.truth.json`): what each lab app must and must not be
// flagged for. Schema documented in lab/README.md.
import { readFileSync } from 'node:fs';
import { listCheckIds } from '../src/checks/registry.ts';
import type { Variant } from './registry.ts';

export interface TruthEntry {
  check: string;
  owasp: string;
  /** `METHOD /path/template`, or `*` for app-wide findings */
  endpoint: string;
  /** `lab/exploits/<exploit>.py` proves it */
  exploit: string;
  /** issue that implements the check; absent once the check exists */
  pending?: string;
  /** `app`: the flaw sits in shared middleware, a finding on any endpoint of the app matches */
  scope?: 'app';
  note?: string;
}

export interface TruthNegative {
  check: string;
  endpoint: string;
  exploit?: string;
  scope?: 'app';
}

export interface Truth {
  app: string;
  seed: string;
  variant: Variant;
  must: TruthEntry[];
  mustNot: TruthNegative[];
  /** checks whose findings are true but merely consequences of a listed flaw: neither credit nor penalty */
  incidental?: string[];
  /** real weaknesses that cannot be proven black-box (documentation only) */
  latent?: string[];
}

/** Check ids of the scanner (/tmp/catalog.md). */
export const CHECK_IDS: readonly string[] = listCheckIds();

const ENDPOINT = /^(\*|(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S*)$/;

function fail(path: string, what: string): never {
  throw new Error(`${path}: ${what}`);
}

function str(path: string, obj: Record<string, unknown>, key: string, optional = false): string | undefined {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.length === 0) fail(path, `"${key}" must be a non-empty string`);
  return v;
}

function entry(path: string, raw: unknown, negative: boolean): TruthEntry | TruthNegative {
  if (typeof raw !== 'object' || raw === null) fail(path, 'entries must be objects');
  const obj = raw as Record<string, unknown>;
  const check = str(path, obj, 'check') as string;
  if (!CHECK_IDS.includes(check)) fail(path, `unknown check id "${check}"`);
  const endpoint = str(path, obj, 'endpoint') as string;
  if (!ENDPOINT.test(endpoint)) fail(path, `bad endpoint "${endpoint}"`);
  const scope = obj.scope;
  if (scope !== undefined && scope !== 'app') fail(path, `bad scope ${String(scope)}`);
  if (negative) {
    const exploit = str(path, obj, 'exploit', true);
    return { check, endpoint, ...(exploit ? { exploit } : {}), ...(scope ? { scope } : {}) };
  }
  const owasp = str(path, obj, 'owasp') as string;
  if (!/^API(10|[1-9]):2023$/.test(owasp)) fail(path, `bad owasp "${owasp}"`);
  const pending = str(path, obj, 'pending', true);
  const note = str(path, obj, 'note', true);
  return {
    check,
    owasp,
    endpoint,
    exploit: str(path, obj, 'exploit') as string,
    ...(pending ? { pending } : {}),
    ...(scope ? { scope } : {}),
    ...(note ? { note } : {}),
  };
}

export function parseTruth(path: string, text: string): Truth {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null) fail(path, 'not an object');
  const obj = raw as Record<string, unknown>;
  const variant = obj.variant;
  if (variant !== 'vulnerable' && variant !== 'published' && variant !== 'fixed') fail(path, 'bad variant');
  if (!Array.isArray(obj.must) || !Array.isArray(obj.mustNot)) fail(path, 'must and mustNot must be arrays');
  const strings = (key: string): string[] | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(path, `"${key}" must be strings`);
    return v as string[];
  };
  const incidental = strings('incidental');
  const latent = strings('latent');
  return {
    app: str(path, obj, 'app') as string,
    seed: str(path, obj, 'seed') as string,
    variant,
    must: obj.must.map((e) => entry(path, e, false) as TruthEntry),
    mustNot: obj.mustNot.map((e) => entry(path, e, true) as TruthNegative),
    ...(incidental ? { incidental } : {}),
    ...(latent ? { latent } : {}),
  };
}

export function loadTruth(path: string): Truth {
  return parseTruth(path, readFileSync(path, 'utf8'));
}
