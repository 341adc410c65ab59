import { randomBytes } from 'node:crypto';
import { sameResponse, verdict } from '../../analysis/compare.ts';
import type { Credential } from '../../auth/credential.ts';
import type { Exchange, RecordedResponse } from '../../core/types.ts';
import type { CheckContext, IdentityView } from '../../engine/context.ts';
import { concretePath } from '../../inventory/materialize.ts';
import type { Endpoint } from '../../inventory/types.ts';

const MAX_ENDPOINTS = 60;

/** How one readable endpoint answers its owner, anonymous callers, and a garbage credential. */
export interface EndpointBaseline {
  endpoint: Endpoint;
  /** The identity whose markers filled the path (absent when no identity is configured). */
  owner?: IdentityView;
  path: string;
  genuine?: Exchange;
  anonymous: Exchange;
  /** The owner's credential replaced by random bytes in the same place: a correct API refuses it. */
  garbage?: Exchange;
}

/** A credential of the same shape that no server issued. */
export function garbageCredentials(credentials: readonly Credential[]): Credential[] {
  return credentials.map((c) => ({ ...c, value: garble(c.value) }));
}

function garble(value: string): string {
  const parts = value.split('.');
  if (parts.length === 3) return `${parts[0]}.${parts[1]}.${randomBytes(32).toString('base64url')}`;
  return randomBytes(Math.max(16, Math.min(48, Math.ceil(value.length * 0.75)))).toString('base64url');
}

export function readableEndpoints(ctx: CheckContext): Endpoint[] {
  return ctx.inventory.endpoints.filter((e) => e.method === 'GET').slice(0, MAX_ENDPOINTS);
}

/**
 * The answer to a path that cannot exist. APIs that answer 2xx to everything (SPA fallbacks,
 * catch-all routes) would otherwise look like they leak data on every URL.
 */
export function catchAllAnswer(ctx: CheckContext): Promise<Exchange> {
  return ctx.memo('catch-all', () =>
    ctx.http.send(
      { method: 'GET', url: `/apiward-nonexistent-${randomBytes(6).toString('hex')}` },
      { label: 'control: a path that cannot exist' },
    ),
  );
}

/** True when the response is the catch-all answer (same status and body as the impossible path). */
export async function isCatchAll(
  ctx: CheckContext,
  response: RecordedResponse | undefined,
): Promise<boolean> {
  const control = (await catchAllAnswer(ctx)).response;
  return !!control && !!response && control.status < 300 && sameResponse(control, response);
}

/** Memoised per scan: every check that needs "who may read what" shares the same requests. */
export function authBaselines(ctx: CheckContext): Promise<EndpointBaseline[]> {
  return ctx.memo('auth-baselines', async () => {
    const results = await Promise.all(readableEndpoints(ctx).map((endpoint) => baselineFor(ctx, endpoint)));
    return results.filter((b): b is EndpointBaseline => b !== undefined);
  });
}

async function baselineFor(ctx: CheckContext, endpoint: Endpoint): Promise<EndpointBaseline | undefined> {
  const owner = ctx.identities.find((i) => concretePath(endpoint, i.markers) !== undefined);
  const path = concretePath(endpoint, owner?.markers);
  if (path === undefined) return undefined;
  const [genuine, anonymous, garbage] = await Promise.all([
    owner
      ? ctx.http.send({ method: 'GET', url: path }, { identity: owner, label: `baseline as ${owner.name}` })
      : undefined,
    ctx.http.send({ method: 'GET', url: path }, { label: 'anonymous (no credentials)' }),
    owner
      ? ctx.http.send(
          { method: 'GET', url: path },
          {
            identity: owner,
            credentials: garbageCredentials(owner.credentials()),
            label: 'control: garbage credential',
          },
        )
      : undefined,
  ]);
  const baseline: EndpointBaseline = { endpoint, path, anonymous };
  if (owner) baseline.owner = owner;
  if (genuine) baseline.genuine = genuine;
  if (garbage) baseline.garbage = garbage;
  return baseline;
}

/** True when at least one endpoint serves an identity and refuses anonymous callers: the API has authentication. */
export function apiRequiresAuth(baselines: readonly EndpointBaseline[]): boolean {
  return baselines.some(
    (b) => verdict(b.genuine?.response) === 'allowed' && verdict(b.anonymous.response) === 'denied',
  );
}

export function endpointRef(endpoint: Endpoint): { method: Endpoint['method']; path: string } {
  return { method: endpoint.method, path: endpoint.path };
}
