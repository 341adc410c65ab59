/**
 * "Whose data is this?" — ownership anchors and structural equivalence of JSON responses,
 * used to decide whether a replayed response carries the owner's object. Pure functions only.
 */
import { normaliseBody, sortArrays } from './compare.ts';
import { parseJson } from './json-path.ts';
import { sensitiveFields } from './sensitive.ts';

/** A marker of a principal (its id, email…) found in a response body. */
export interface AnchorHit {
  marker: string;
  value: string;
  /** JSON paths (array indices removed) where the value sits; empty for text bodies. */
  paths: string[];
  /** Personal data (email, phone…): its presence alone means the data is private. */
  private: boolean;
}

/** Keys that name a principal, where even a short id identifies the owner. */
const OWNER_KEY =
  /^(id|_id|uid|sub|user|user_?id|owner|owner_?id|account_?id|customer_?id|member_?id|username|user_?name|login|email|e_?mail|tenant_?id)$/i;
const ID_KEY = /(^|_)(id|uuid|uid|key|pk)$|Id$|^(sub|username|email|login)$/i;
const PRIVATE_MARKER = /^(email|e_?mail|phone|phone_?number|mobile|address|ssn|dob)$/i;
const EMAIL_VALUE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Time-stamped keys (`fetched_at`, `lastSeenAt`) vary between requests; the shared compare misses some. */
const TIME_KEY = /(_at|At|_time|Time|_ts|_on)$/;
/** Listing metadata that changes with paging, not with the data. */
const PAGINATION_KEY =
  /^(page|page_?(size|number|count)|per_?page|next|prev|previous|first|last|cursor|next_?cursor|prev_?cursor|offset|limit|total|total_?(count|pages|items)|count|links|_links|has_?more|more)$/i;

interface Leaf {
  path: string;
  key: string;
  value: string;
}

/** Scalar leaves of a JSON value with array indices removed. Pure. */
function leaves(json: unknown): Leaf[] {
  const out: Leaf[] = [];
  const visit = (value: unknown, path: string, key: string, depth: number) => {
    if (depth > 12 || out.length > 5_000) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, `${path}[]`, key, depth + 1);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, k, depth + 1);
      return;
    }
    if (value === null || value === undefined) return;
    out.push({ path, key, value: String(value) });
  };
  visit(json, '', '', 0);
  return out;
}

function isStrongValue(value: string): boolean {
  return EMAIL_VALUE.test(value) || (value.length >= 6 && !/^\d{1,5}$/.test(value));
}

/**
 * Which of the markers appear in the body. JSON: a marker counts when it is a whole scalar value
 * and either distinctive (email, UUID, 6+ characters) or sitting under a key that names a principal
 * (`user_id: 7`), so a short id does not match every `7` in the body. Text: distinctive values only.
 */
export function anchorsIn(body: string, markers: ReadonlyMap<string, string>): AnchorHit[] {
  const json = parseJson(body);
  const hits: AnchorHit[] = [];
  for (const [marker, raw] of markers) {
    const value = raw.trim();
    if (value.length === 0) continue;
    const isPrivate = PRIVATE_MARKER.test(marker) || EMAIL_VALUE.test(value);
    if (json === undefined || typeof json !== 'object' || json === null) {
      if (isStrongValue(value) && wordIn(body, value))
        hits.push({ marker, value, paths: [], private: isPrivate });
      continue;
    }
    const paths = leaves(json)
      .filter((l) => sameScalar(l.value, value) && (isStrongValue(value) || OWNER_KEY.test(l.key)))
      .map((l) => l.path);
    if (paths.length > 0) hits.push({ marker, value, paths: [...new Set(paths)], private: isPrivate });
  }
  return hits;
}

function sameScalar(a: string, b: string): boolean {
  return a === b || (EMAIL_VALUE.test(b) && a.toLowerCase() === b.toLowerCase());
}

function wordIn(body: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_@.-])${escaped}($|[^A-Za-z0-9_@.-])`).test(body);
}

/** Sensitive fields that make a response private: personal data, credentials, secrets. Pure. */
export function privateFieldPaths(body: string): string[] {
  return [
    ...new Set(
      sensitiveFields(body)
        .filter((f) => f.kind !== 'internal-flag')
        .map((f) => f.path.replace(/\[\d+\]/g, '[]')),
    ),
  ];
}

export interface DataComparison {
  /** Same data after removing volatile and paging fields, arrays compared as multisets. */
  same: boolean;
  /** Share of the owner's leaves (path=value) that the other body also has, 0..1. */
  overlap: number;
  /** Shared leaves that are not identifiers (a bare `{id}` stub does not count as the object). */
  sharedNonId: number;
  /** Share of the owner's list records (array elements) found in the other body, 0..1; undefined without records. */
  records?: number;
}

function canonicalJson(body: string): unknown {
  const json = parseJson(body);
  if (json === undefined) return undefined;
  return stripPagination(parseJson(normaliseBody(body)));
}

function stripPagination(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPagination);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (!PAGINATION_KEY.test(k) && !TIME_KEY.test(k)) out[k] = stripPagination(v);
    return out;
  }
  return value;
}

function records(json: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 8) return;
    if (Array.isArray(value)) {
      for (const v of value) {
        if (v && typeof v === 'object' && !Array.isArray(v)) out.push(JSON.stringify(sortArrays(v)));
        else visit(v, depth + 1);
      }
      return;
    }
    if (value && typeof value === 'object') for (const v of Object.values(value)) visit(v, depth + 1);
  };
  visit(json, 0);
  return out;
}

/**
 * Structural comparison of the owner's response body with another one (Schemathesis-style
 * equivalence rather than byte equality): volatile keys (timestamps, request ids) and paging
 * metadata are ignored, key and element order do not matter. Pure.
 */
export function compareData(ownerBody: string, otherBody: string): DataComparison {
  const a = canonicalJson(ownerBody);
  const b = canonicalJson(otherBody);
  if (a === undefined || b === undefined) {
    const same = a === undefined && b === undefined && normaliseBody(ownerBody) === normaliseBody(otherBody);
    return { same, overlap: same ? 1 : 0, sharedNonId: same ? 1 : 0 };
  }
  const same = JSON.stringify(sortArrays(a)) === JSON.stringify(sortArrays(b));
  const la = leaves(a);
  const lb = new Set(leaves(b).map((l) => `${l.path}=${l.value}`));
  const shared = la.filter((l) => lb.has(`${l.path}=${l.value}`));
  const result: DataComparison = {
    same,
    overlap: la.length === 0 ? (same ? 1 : 0) : shared.length / la.length,
    sharedNonId: shared.filter((l) => !ID_KEY.test(l.key)).length,
  };
  const ra = records(a);
  if (ra.length > 0) {
    const rb = new Set(records(b));
    result.records = ra.filter((r) => rb.has(r)).length / ra.length;
  }
  return result;
}

/** The other body carries the owner's object: same data, or most of it including a non-id field. Pure. */
export function equivalentData(ownerBody: string, otherBody: string): boolean {
  const c = compareData(ownerBody, otherBody);
  return c.same || (c.overlap >= 0.8 && c.sharedNonId >= 1) || (c.records !== undefined && c.records >= 0.8);
}
