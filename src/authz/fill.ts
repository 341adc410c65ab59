/**
 * Materialises an endpoint for one principal, preferring that principal's own markers for object
 * parameters (so the request names an object the principal owns) over spec examples. Pure.
 */
import type { Endpoint, Param } from '../inventory/types.ts';

export interface OwnedParam {
  param: string;
  in: 'path' | 'query';
  value: string;
  /** The marker the value came from (e.g. user_id). */
  marker: string;
}

export interface Filled {
  path: string;
  /** Object parameters filled from the principal's markers: the evidence of ownership. */
  owned: OwnedParam[];
  /** Every parameter value used, by `in:name`. */
  values: Record<string, string>;
}

const norm = (s: string) => s.replace(/[_-]/g, '').toLowerCase();
const USERISH = /^(id|userid|uid|user|owner|ownerid|accountid|customerid|memberid|profileid|sub)$/;
const USER_COLLECTION = /^(users?|accounts?|profiles?|members?|customers?|people|persons?)$/i;
const ID_MARKERS = ['user_id', 'userId', 'id', 'sub', 'account_id'];

function singular(segment: string): string {
  if (/ies$/i.test(segment)) return `${segment.slice(0, -3)}y`;
  if (/ses$/i.test(segment)) return segment.slice(0, -2);
  if (/s$/i.test(segment)) return segment.slice(0, -1);
  return segment;
}

function lookup(markers: ReadonlyMap<string, string>, wanted: string): [string, string] | undefined {
  const exact = markers.get(wanted);
  if (exact !== undefined) return [wanted, exact];
  const n = norm(wanted);
  for (const [k, v] of markers) if (norm(k) === n) return [k, v];
  return undefined;
}

/**
 * Which marker names the object behind parameter `name`. `previous` is the path segment before the
 * placeholder (`/orders/{id}` → "orders"), so a bare `id` is only a user id under a user collection.
 */
export function ownerMarker(
  name: string,
  previous: string | undefined,
  markers: ReadonlyMap<string, string>,
): [string, string] | undefined {
  const direct = lookup(markers, name);
  if (direct && !(norm(name) === 'id' && previous && !USER_COLLECTION.test(previous))) return direct;
  const n = norm(name);
  if (n === 'id' || n === 'uuid' || n === 'key') {
    if (previous && !USER_COLLECTION.test(previous)) return lookup(markers, `${singular(previous)}_id`);
    if (!previous && n !== 'id') return undefined;
  }
  if (USERISH.test(n) || (n === 'id' && previous && USER_COLLECTION.test(previous))) {
    for (const m of ID_MARKERS) {
      const hit = lookup(markers, m);
      if (hit) return hit;
    }
    return lookup(markers, 'username');
  }
  if (/^(username|login|handle)$/.test(n)) return lookup(markers, 'username');
  if (/^e?mail$/.test(n)) return lookup(markers, 'email');
  return undefined;
}

/** Query parameters that select an object (ids, user names), as opposed to filters and paging. */
export function isObjectQueryParam(p: Param): boolean {
  return (
    p.in === 'query' &&
    (/(^|_|-)id$|Id$|^uuid$/.test(p.name) || /^(user|username|owner|account|email|uid|sub)$/i.test(p.name))
  );
}

function previousSegment(path: string, placeholder: string): string | undefined {
  const segments = path.split('/');
  const i = segments.indexOf(`{${placeholder}}`);
  return i > 0
    ? segments
        .slice(0, i)
        .reverse()
        .find((s) => s !== '' && !s.startsWith('{'))
    : undefined;
}

export interface BuildOptions {
  /** Parameter keys (`in:name`) whose values are inserted as-is, without percent-encoding. */
  raw?: ReadonlySet<string>;
  /** Extra query pairs appended before the endpoint's own (duplicated parameters). */
  prefixQuery?: Array<[string, string]>;
  /** Extra query pairs appended after the endpoint's own. */
  suffixQuery?: Array<[string, string]>;
}

/** Builds the request path from parameter values (`in:name` → value). Pure. */
export function buildPath(
  endpoint: Endpoint,
  values: Record<string, string>,
  options: BuildOptions = {},
): string {
  const enc = (key: string, v: string) => (options.raw?.has(key) ? v : encodeURIComponent(v));
  const path = endpoint.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    enc(`path:${name}`, values[`path:${name}`] ?? ''),
  );
  const pairs: string[] = [];
  const add = (name: string, value: string, key?: string) =>
    pairs.push(`${encodeURIComponent(name)}=${key ? enc(key, value) : encodeURIComponent(value)}`);
  for (const [n, v] of options.prefixQuery ?? []) add(n, v);
  for (const p of endpoint.params) {
    const key = `query:${p.name}`;
    if (p.in === 'query' && values[key] !== undefined) add(p.name, values[key]!, key);
  }
  for (const [n, v] of options.suffixQuery ?? []) add(n, v);
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

/**
 * Fills the endpoint for a principal. Undefined when a required value is unknown. `owned` lists
 * the object parameters filled from the principal's own markers.
 */
export function fillOwned(endpoint: Endpoint, markers: ReadonlyMap<string, string>): Filled | undefined {
  const values: Record<string, string> = {};
  const owned: OwnedParam[] = [];
  for (const m of endpoint.path.matchAll(/\{([^}]+)\}/g)) {
    const name = m[1]!;
    const hit = ownerMarker(name, previousSegment(endpoint.path, name), markers);
    const example = endpoint.params.find((p) => p.in === 'path' && p.name === name)?.example;
    if (hit) {
      values[`path:${name}`] = hit[1];
      owned.push({ param: name, in: 'path', value: hit[1], marker: hit[0] });
    } else if (example !== undefined) values[`path:${name}`] = example;
    else return undefined;
  }
  for (const p of endpoint.params) {
    if (p.in !== 'query') continue;
    const template = /^\{([^}]+)\}$/.exec(p.example ?? '');
    const hit =
      isObjectQueryParam(p) || template
        ? ownerMarker(template?.[1] ?? p.name, undefined, markers)
        : undefined;
    if (hit) {
      values[`query:${p.name}`] = hit[1];
      owned.push({ param: p.name, in: 'query', value: hit[1], marker: hit[0] });
      continue;
    }
    if (template) {
      if (p.required) return undefined;
      continue;
    }
    if (p.example !== undefined) values[`query:${p.name}`] = p.example;
    else if (p.required) return undefined;
  }
  return { path: buildPath(endpoint, values), owned, values };
}

/** True when the endpoint names an object: a path placeholder or an id-like query parameter. */
export function isObjectEndpoint(endpoint: Endpoint): boolean {
  return /\{[^}]+\}/.test(endpoint.path) || endpoint.params.some(isObjectQueryParam);
}
