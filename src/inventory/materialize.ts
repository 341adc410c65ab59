import type { Endpoint, Param } from './types.ts';

const normalise = (name: string) => name.replace(/[_-]/g, '').toLowerCase();

/** Finds the marker that fills a `{name}` placeholder: exact name, then spelling variants (userId ~ user_id). */
export function markerFor(name: string, markers: ReadonlyMap<string, string>): string | undefined {
  const exact = markers.get(name);
  if (exact !== undefined) return exact;
  const wanted = normalise(name);
  for (const [k, v] of markers) if (normalise(k) === wanted) return v;
  if (/^(id|userid|uid|user|owner|ownerid|accountid)$/.test(wanted)) {
    return markers.get('user_id') ?? markers.get('id') ?? markers.get('sub') ?? markers.get('username');
  }
  if (/^(username|login|name)$/.test(wanted)) return markers.get('username') ?? markers.get('sub');
  return undefined;
}

function fill(
  template: string,
  markers: ReadonlyMap<string, string>,
  params: readonly Param[],
  location: 'path' | 'query',
): string | undefined {
  let missing = false;
  const out = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = params.find((p) => p.in === location && p.name === name);
    const value = markerFor(name, markers) ?? param?.example;
    if (value === undefined) {
      missing = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return missing ? undefined : out;
}

/**
 * Turns an endpoint into a request path for one identity, filling placeholders from that identity's
 * markers (its own user id, username…) and otherwise from examples. Undefined when a required value is unknown.
 */
export function concretePath(
  endpoint: Endpoint,
  markers: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  const path = fill(endpoint.path, markers, endpoint.params, 'path');
  if (path === undefined) return undefined;
  const query = new URLSearchParams();
  for (const param of endpoint.params) {
    if (param.in !== 'query') continue;
    // A template ("{user_id}") or the caller's own marker beats a schema-derived example.
    const raw = param.example?.includes('{')
      ? param.example
      : (markerFor(param.name, markers) ?? param.example);
    if (raw === undefined) {
      if (param.required) return undefined;
      continue;
    }
    const value = raw.replace(/\{([^}]+)\}/g, (_, name: string) => markerFor(name, markers) ?? '');
    if (value === '' && param.required) return undefined;
    if (value !== '' || param.required) query.set(param.name, value);
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Endpoints whose path or query names an object the caller may or may not own. */
export function objectParams(endpoint: Endpoint): Param[] {
  const fromTemplate = [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return endpoint.params.filter(
    (p) =>
      (p.in === 'path' && fromTemplate.includes(p.name)) ||
      (p.in === 'query' &&
        (/(^|_|-)?id$/i.test(p.name) || /^(user|username|owner|account|email)$/i.test(p.name))),
  );
}
