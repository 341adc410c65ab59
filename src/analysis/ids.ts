/**
 * Identifier classification: can an attacker who knows one object id guess another one?
 * Pure functions only.
 */

export type IdKind =
  | 'sequential-integer'
  | 'timestamp'
  | 'prefixed-counter'
  | 'short-code'
  | 'uuid-v1'
  | 'uuid-v4'
  | 'uuid-v7'
  | 'uuid-other'
  | 'ulid'
  | 'object-id'
  | 'hash'
  | 'random-token'
  | 'email'
  | 'name'
  | 'unknown';

export interface IdClass {
  kind: IdKind;
  /** An attacker can derive other valid ids from this one (neighbours, time, or a tiny space). */
  predictable: boolean;
  /** Why, in words a report can show. */
  reason: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
const HASH_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PREFIXED = /^([A-Za-z][A-Za-z_-]*?[-_:]?)(\d+)$/;

/** Unix seconds between 2000-01-01 and 2100-01-01, or the same range in milliseconds. */
function timestampKind(digits: string): boolean {
  const n = Number(digits);
  if (digits.length === 10) return n >= 946_684_800 && n < 4_102_444_800;
  if (digits.length === 13) return n >= 946_684_800_000 && n < 4_102_444_800_000;
  return false;
}

/** Classifies one identifier value. Pure. */
export function classifyId(raw: string): IdClass {
  const value = raw.trim();
  if (/^\d{1,19}$/.test(value)) {
    if (timestampKind(value))
      return { kind: 'timestamp', predictable: true, reason: 'a Unix timestamp: neighbours are guessable' };
    return {
      kind: 'sequential-integer',
      predictable: true,
      reason: 'an integer: the next and previous ids are one step away',
    };
  }
  const uuid = UUID.exec(value);
  if (uuid) {
    const version = uuid[1]!;
    if (version === '4')
      return { kind: 'uuid-v4', predictable: false, reason: 'a random UUIDv4 (122 random bits)' };
    if (version === '1')
      return {
        kind: 'uuid-v1',
        predictable: true,
        reason: 'a time-based UUIDv1: timestamp and node are embedded, neighbours are guessable',
      };
    if (version === '7')
      return { kind: 'uuid-v7', predictable: false, reason: 'a UUIDv7 (time-ordered, 74 random bits)' };
    return { kind: 'uuid-other', predictable: false, reason: `a UUID of version ${version}` };
  }
  if (ULID.test(value) && /[A-Z]/i.test(value.slice(10)))
    return { kind: 'ulid', predictable: false, reason: 'a ULID (time-ordered, 80 random bits)' };
  if (OBJECT_ID.test(value) && timestampKind(String(Number.parseInt(value.slice(0, 8), 16))))
    return {
      kind: 'object-id',
      predictable: true,
      reason: 'a MongoDB ObjectId: timestamp, machine and a counter — neighbours are guessable',
    };
  if (/^[0-9a-f]+$/i.test(value) && HASH_LENGTHS.has(value.length))
    return { kind: 'hash', predictable: false, reason: `a ${value.length * 4}-bit hex digest` };
  if (EMAIL.test(value))
    return {
      kind: 'email',
      predictable: true,
      reason: 'an email address: guessable from public information',
    };
  const prefixed = PREFIXED.exec(value);
  if (prefixed && prefixed[2]!.length <= 12)
    return {
      kind: 'prefixed-counter',
      predictable: true,
      reason: `a counter behind the prefix "${prefixed[1]}": neighbours are one step away`,
    };
  if (/^(?=.*\d)[A-Za-z0-9]{1,6}$/.test(value))
    return {
      kind: 'short-code',
      predictable: true,
      reason: `a ${value.length}-character code: the whole space can be enumerated`,
    };
  if (/^[A-Za-z0-9_-]{16,}$/.test(value) && entropyBits(value) >= 64)
    return { kind: 'random-token', predictable: false, reason: 'a long random token' };
  if (/^[a-z][a-z0-9._-]{1,31}$/i.test(value))
    return { kind: 'name', predictable: true, reason: 'a name: guessable from public information' };
  return { kind: 'unknown', predictable: false, reason: 'no recognised structure' };
}

/** Rough upper bound of the entropy: length × log2(alphabet size in use). Pure. */
export function entropyBits(value: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(value)) alphabet += 26;
  if (/[A-Z]/.test(value)) alphabet += 26;
  if (/\d/.test(value)) alphabet += 10;
  if (/[^A-Za-z0-9]/.test(value)) alphabet += 4;
  return alphabet === 0 ? 0 : value.length * Math.log2(alphabet);
}

/**
 * Neighbouring ids of a counter-like id, closest first, keeping zero padding and prefixes
 * ("ord-0042" → "ord-0041", "ord-0043"). Empty for ids without a counter. Pure.
 */
export function adjacentIds(raw: string, span = 2): string[] {
  const value = raw.trim();
  const m = /^(.*?)(\d+)$/.exec(value);
  if (!m) return [];
  const kind = classifyId(value).kind;
  if (kind !== 'sequential-integer' && kind !== 'prefixed-counter' && kind !== 'timestamp') return [];
  const [, prefix = '', digits = ''] = m;
  const n = BigInt(digits);
  const out: string[] = [];
  for (let d = 1n; d <= BigInt(span); d++) {
    for (const candidate of [n - d, n + d]) {
      if (candidate < 0n) continue;
      const text = candidate.toString();
      const padded = digits.startsWith('0') ? text.padStart(digits.length, '0') : text;
      out.push(`${prefix}${padded}`);
    }
  }
  return out;
}

export interface IdVariant {
  label: string;
  value: string;
}

/**
 * Spellings of the same id that a lax parser may map to the same object while an ownership
 * check compares strings: other case, leading zeros, decimal or signed numbers. Pure.
 */
export function idVariants(raw: string): IdVariant[] {
  const value = raw.trim();
  const out: IdVariant[] = [];
  if (/^\d+$/.test(value)) {
    out.push({ label: 'leading zero', value: `0${value}` });
    out.push({ label: 'decimal form', value: `${value}.0` });
    out.push({ label: 'explicit sign', value: `+${value}` });
  }
  if (value.toUpperCase() !== value) out.push({ label: 'upper case', value: value.toUpperCase() });
  if (value.toLowerCase() !== value) out.push({ label: 'lower case', value: value.toLowerCase() });
  return out.filter((v) => v.value !== value);
}

export interface SeriesClass {
  kind: IdKind;
  predictable: boolean;
  /** Integers seen, sorted, when the series is numeric; gaps of one mean a dense counter. */
  dense: boolean;
  reason: string;
}

/** Classifies a set of ids of one kind of object (all ids seen for a parameter). Pure. */
export function classifySeries(values: readonly string[]): SeriesClass | undefined {
  const distinct = [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
  if (distinct.length === 0) return undefined;
  const classes = distinct.map(classifyId);
  const kinds = new Set(classes.map((c) => c.kind));
  const kind: IdKind = kinds.size === 1 ? classes[0]!.kind : 'unknown';
  const predictable = classes.every((c) => c.predictable);
  let dense = false;
  if (kind === 'sequential-integer' && distinct.length > 1) {
    const nums = distinct.map((v) => BigInt(v)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const span = nums[nums.length - 1]! - nums[0]!;
    dense = span <= BigInt(distinct.length * 10);
  }
  const reason =
    kinds.size === 1
      ? classes[0]!.reason + (dense ? '; the values seen are close together (a dense counter)' : '')
      : `mixed identifier shapes (${[...kinds].join(', ')})`;
  return { kind, predictable, dense, reason };
}
