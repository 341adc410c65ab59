import { parseJson } from '../analysis/json-path.ts';
import type { Exchange, RequestSpec } from '../core/types.ts';
import type { Endpoint } from './types.ts';

/** Where APIs usually publish their OpenAPI/Swagger document. */
export const SPEC_PATHS = [
  '/openapi.json',
  '/swagger.json',
  '/v3/api-docs',
  '/docs/openapi.json',
  '/openapi.yaml',
  '/api/openapi.json',
  '/api/swagger.json',
  '/swagger/v1/swagger.json',
  '/v2/api-docs',
  '/api-docs',
  '/api/docs/openapi.json',
  '/.well-known/openapi.json',
];

/** Paths worth a look when there is no spec: the usual homes of user, account and admin data. */
export const COMMON_PATHS = [
  '/',
  '/api',
  '/me',
  '/api/me',
  '/profile',
  '/api/profile',
  '/user',
  '/users',
  '/api/user',
  '/api/users',
  '/account',
  '/api/account',
  '/orders',
  '/api/orders',
  '/admin',
  '/admin/users',
  '/api/admin',
  '/api/admin/users',
  '/api/v1/me',
  '/api/v1/users',
  '/v1/users',
];

type Send = (request: RequestSpec, label: string) => Promise<Exchange>;

/** Tries the usual spec locations; returns the first answer that looks like a spec. */
export async function findSpec(send: Send): Promise<{ path: string; text: string } | undefined> {
  const answers = await Promise.all(
    SPEC_PATHS.map((path) => send({ method: 'GET', url: path }, `spec discovery ${path}`)),
  );
  for (const [i, exchange] of answers.entries()) {
    const body = exchange.response?.status === 200 ? exchange.response.body : undefined;
    if (body && /"?(openapi|swagger)"?\s*:/.test(body.slice(0, 4096)))
      return { path: SPEC_PATHS[i]!, text: body };
  }
  return undefined;
}

/**
 * Probes common paths and keeps those that exist (2xx, 401, 403); follows same-origin
 * paths seen in JSON bodies one level deep. Returns discovered GET endpoints.
 */
export async function discoverEndpoints(
  send: Send,
  known: ReadonlySet<string>,
  limit = 40,
): Promise<Endpoint[]> {
  const found = new Map<string, Endpoint>();
  const seen = new Set(known);
  let queue = COMMON_PATHS.filter((p) => !seen.has(p));
  let budget = limit;
  while (queue.length > 0 && budget > 0) {
    const batch = queue.slice(0, budget);
    budget -= batch.length;
    for (const p of batch) seen.add(p);
    const answers = await Promise.all(
      batch.map((path) => send({ method: 'GET', url: path }, `discovery ${path}`)),
    );
    const next: string[] = [];
    for (const [i, exchange] of answers.entries()) {
      const status = exchange.response?.status ?? 0;
      const path = batch[i]!;
      if ((status >= 200 && status < 300) || status === 401 || status === 403) {
        found.set(path, {
          method: 'GET',
          path,
          params: [],
          declaredSecurity: 'unknown',
          source: 'discovered',
          tags: [],
        });
        for (const link of linksIn(exchange.response?.body ?? '')) if (!seen.has(link)) next.push(link);
      }
    }
    queue = [...new Set(next)];
  }
  return [...found.values()];
}

/** Same-origin absolute paths mentioned in a JSON body (href/url/link fields or path-like strings). Pure. */
export function linksIn(body: string): string[] {
  const json = parseJson(body);
  const out = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 6 || out.size > 50) return;
    if (typeof v === 'string') {
      if (
        /^\/[A-Za-z0-9_\-./]{1,120}$/.test(v) &&
        !v.startsWith('//') &&
        !v.includes('..') &&
        !/\.(js|css|png|jpg|svg|ico)$/i.test(v)
      ) {
        out.add(v);
      }
    } else if (Array.isArray(v)) for (const x of v.slice(0, 50)) visit(x, depth + 1);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(json, 0);
  return [...out];
}
