import type { RecordedResponse } from '../core/types.ts';
import { headerValue } from '../http/transport.ts';
import { parseJson } from './json-path.ts';

/** JSON keys whose values change between identical requests; removed before comparing. */
const VOLATILE_KEY =
  /^(timestamp|time|ts|date|now|server_?time|generated_?at|request_?id|trace_?id|correlation_?id|nonce|csrf(_?token)?|etag|expires_?(at|in)?|iat|exp|duration(_?ms)?|took(_?ms)?|elapsed(_?ms)?|uptime)$/i;

/** Phrases that mean "you are not allowed" even inside a 2xx body (peers' error-envelope deny-list). */
const DENIAL_PHRASES =
  /\b(unauthori[sz]ed|unauthenticated|not authenticated|authentication (required|failed)|invalid[_ ](token|credentials|signature|session|jwt)|missing[_ ](token|credentials|authorization)|token[_ ](expired|invalid|missing)|expired[_ ]token|access[_ ]denied|permission[_ ]denied|forbidden|not allowed|login required|please log ?in|session (expired|invalid))\b/i;

/** Values that look like timestamps or ids generated per request, masked in text bodies. */
const VOLATILE_TEXT = [
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /\b1[6-9]\d{8}(\d{3})?\b/g,
];

export type Verdict = 'allowed' | 'denied' | 'error' | 'other';

const isRedirect = (status: number) => status >= 300 && status < 400;

/** How an API answered a request: allowed (2xx with content), denied (401/403/redirect/denial envelope), error (5xx). Pure. */
export function verdict(response: RecordedResponse | undefined): Verdict {
  if (!response) return 'error';
  const { status } = response;
  if (status === 401 || status === 403 || status === 407 || status === 419 || status === 440) return 'denied';
  if (isRedirect(status)) return 'denied';
  if (status >= 500) return 'error';
  if (status >= 200 && status < 300) {
    if (response.body.length < 2_000 && DENIAL_PHRASES.test(response.body)) return 'denied';
    return 'allowed';
  }
  return 'other';
}

/** A 2xx answer that carries actual content (not an empty object, list, or blank body). */
export function carriesData(response: RecordedResponse | undefined): boolean {
  if (!response || verdict(response) !== 'allowed') return false;
  const json = parseJson(response.body);
  if (json === undefined) return response.body.trim().length > 0;
  if (Array.isArray(json)) return json.length > 0;
  if (json && typeof json === 'object') return Object.keys(json).length > 0;
  return json !== null && json !== '';
}

/** Canonical form of a body for comparison: JSON with volatile keys removed and keys sorted; text with volatile tokens masked. Pure. */
export function normaliseBody(body: string): string {
  const json = parseJson(body);
  if (json !== undefined) return JSON.stringify(canonical(json));
  let text = body.trim();
  for (const pattern of VOLATILE_TEXT) text = text.replace(pattern, '#');
  return text.replace(/\s+/g, ' ');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (!VOLATILE_KEY.test(key)) out[key] = canonical((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** Same status and the same normalised body: "the API answered this like that". Pure. */
export function sameResponse(a: RecordedResponse | undefined, b: RecordedResponse | undefined): boolean {
  if (!a || !b || a.status !== b.status) return false;
  return normaliseBody(a.body) === normaliseBody(b.body);
}

/**
 * Order-insensitive variant for collections: arrays compared as multisets of canonical elements
 * (a listing may come back in another order or page). Pure.
 */
export function sameData(a: RecordedResponse | undefined, b: RecordedResponse | undefined): boolean {
  if (!a || !b || a.status !== b.status) return false;
  const ja = parseJson(a.body);
  const jb = parseJson(b.body);
  if (ja === undefined || jb === undefined) return normaliseBody(a.body) === normaliseBody(b.body);
  return JSON.stringify(sortedCanonical(ja)) === JSON.stringify(sortedCanonical(jb));
}

function sortedCanonical(value: unknown): unknown {
  return sortArrays(canonical(value));
}

/** Sorts every array (by canonical JSON) so element order does not count. Pure. */
export function sortArrays(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortArrays).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortArrays(v)]));
  }
  return value;
}

export function contentType(response: RecordedResponse): string {
  return (headerValue(response.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}
