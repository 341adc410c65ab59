import type { HttpMethod } from '../core/types.ts';
import type { Endpoint, Param } from './types.ts';

/** Parses "GET /user?user_id={user_id}" into an endpoint. Pure; the config schema already checked the shape. */
export function parseEndpointLine(line: string): Endpoint {
  const [method = 'GET', target = '/'] = line.trim().split(/\s+/, 2);
  const [path = '/', query = ''] = target.split('?', 2);
  const params: Param[] = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1]!,
    in: 'path' as const,
    required: true,
  }));
  for (const [name, value] of new URLSearchParams(query)) {
    params.push({ name, in: 'query', required: true, example: value });
  }
  return {
    method: method.toUpperCase() as HttpMethod,
    path,
    params,
    declaredSecurity: 'unknown',
    source: 'config',
    tags: [],
  };
}
