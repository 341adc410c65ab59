/**
 * "Does this session still work?": an endpoint that serves the identity and refuses anonymous
 * callers, asked with a given credential and judged against the genuine answer and a garbage control.
 */
import { sameData, verdict } from '../../analysis/compare.ts';
import type { Credential } from '../../auth/credential.ts';
import type { Exchange } from '../../core/types.ts';
import type { CheckContext, IdentityView } from '../../engine/context.ts';
import { concretePath } from '../../inventory/materialize.ts';
import { authBaselines, garbageCredentials } from '../shared/baseline.ts';

export interface SessionProbe {
  identity: IdentityView;
  path: string;
  genuine: Exchange;
  /** The identity's credential replaced by garbage of the same shape: must be refused. */
  control: Exchange;
}

/** Memoised per identity: the best endpoint to tell a live session from a dead one. */
export function sessionProbe(ctx: CheckContext, identity: IdentityView): Promise<SessionProbe | undefined> {
  return ctx.memo(`session-probe:${identity.name}`, async () => {
    const baselines = await authBaselines(ctx);
    const candidates = baselines
      .filter(
        (b) =>
          verdict(b.anonymous.response) === 'denied' && b.garbage && verdict(b.garbage.response) === 'denied',
      )
      .map((b) => ({ b, path: concretePath(b.endpoint, identity.markers) }))
      .filter((c): c is { b: (typeof baselines)[number]; path: string } => c.path !== undefined)
      .sort((x, y) => x.b.endpoint.params.length - y.b.endpoint.params.length);
    for (const { b, path } of candidates) {
      const genuine =
        b.owner === identity && b.genuine
          ? b.genuine
          : await ctx.http.send(
              { method: 'GET', url: path },
              { identity, label: `baseline as ${identity.name}` },
            );
      if (verdict(genuine.response) !== 'allowed') continue;
      const control =
        b.owner === identity && b.garbage
          ? b.garbage
          : await ctx.http.send(
              { method: 'GET', url: path },
              {
                identity,
                credentials: garbageCredentials(identity.credentials()),
                label: 'control: garbage credential',
              },
            );
      if (verdict(control.response) !== 'denied') continue;
      return { identity, path, genuine, control };
    }
    return undefined;
  });
}

/** Sends the probe with `credentials` (same identity, substituted credential). */
export function askWith(
  ctx: CheckContext,
  probe: SessionProbe,
  credentials: readonly Credential[],
  label: string,
): Promise<Exchange> {
  return ctx.http.send({ method: 'GET', url: probe.path }, { identity: probe.identity, credentials, label });
}

/** The answer is the genuine, authenticated one (allowed, and the same data or at least the same status). */
export function authenticatedLike(probe: SessionProbe, exchange: Exchange): boolean {
  if (verdict(exchange.response) !== 'allowed') return false;
  return (
    sameData(probe.genuine.response, exchange.response) ||
    exchange.response?.status === probe.genuine.response?.status
  );
}
