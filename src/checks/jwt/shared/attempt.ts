import { carriesData, sameData, verdict } from '../../../analysis/compare.ts';
import type { Credential } from '../../../auth/credential.ts';
import type { Exchange, RecordedResponse } from '../../../core/types.ts';
import type { CheckContext, IdentityView } from '../../../engine/context.ts';
import type { ForgedToken } from '../../../jwt/index.ts';
import { credentialsWith } from './subjects.ts';
import type { Probe } from './target.ts';

/** Another identity's genuine answer on the same path (for impersonation tokens). */
export interface PeerAnswer {
  identity: string;
  response: RecordedResponse | undefined;
}

/**
 * Did the API answer the attack like a genuine token? Same status and normalised data as the
 * genuine answer, or as another identity's genuine answer (the forged token impersonates it).
 * Returns whose answer it matched. Pure.
 */
export function acceptedAs(
  genuine: RecordedResponse | undefined,
  attack: RecordedResponse | undefined,
  genuineName: string,
  peers: readonly PeerAnswer[] = [],
): string | undefined {
  if (!attack || !carriesData(genuine) || verdict(attack) !== 'allowed') return undefined;
  if (sameData(genuine, attack)) return genuineName;
  for (const peer of peers) {
    if (carriesData(peer.response) && sameData(peer.response, attack)) return peer.identity;
  }
  return undefined;
}

export interface Accepted {
  forged: ForgedToken;
  exchange: Exchange;
  /** Identity whose genuine answer the attack got. */
  as: string;
}

export interface AttemptResult {
  accepted?: Accepted;
  /** Attack exchanges sent, in order. */
  sent: Exchange[];
}

export interface TryOptions {
  /** Path to send to; default the probe path. */
  path?: string;
  /** Genuine answer to compare with; default the probe's. */
  genuine?: RecordedResponse;
  peers?: readonly PeerAnswer[];
  /** Credentials to send instead of "the identity's, with the token replaced". */
  credentials?: (token: string) => Credential[];
  /** Keep going after the first accepted token (default false: budget). */
  all?: boolean;
  /** Evidence label prefix; default the token's check id. */
  label?: string;
}

/** Sends forged tokens one at a time where the genuine one goes; stops at the first the API accepts. */
export async function tryTokens(
  ctx: CheckContext,
  probe: Probe,
  tokens: readonly ForgedToken[],
  options: TryOptions = {},
): Promise<AttemptResult> {
  const sent: Exchange[] = [];
  const genuine = options.genuine ?? probe.genuine.response;
  const result: AttemptResult = { sent };
  for (const forged of tokens) {
    if (forged.control || ctx.signal.aborted) continue;
    const exchange = await ctx.http.send(
      { method: 'GET', url: options.path ?? probe.path },
      {
        identity: probe.subject.identity,
        credentials: options.credentials
          ? options.credentials(forged.token)
          : credentialsWith(probe.subject, forged.token),
        label: `${options.label ?? forged.check}: ${forged.variant}`,
      },
    );
    sent.push(exchange);
    const as = acceptedAs(genuine, exchange.response, probe.subject.identity.name, options.peers);
    if (as !== undefined) {
      result.accepted ??= { forged, exchange, as };
      if (!options.all) break;
    }
  }
  return result;
}

/** Memoised: another identity's genuine answer on a path (impersonation and escalation baselines). */
export function genuineAnswer(ctx: CheckContext, identity: IdentityView, path: string): Promise<Exchange> {
  return ctx.memo(`jwt:genuine:${identity.name}:${path}`, () =>
    ctx.http.send({ method: 'GET', url: path }, { identity, label: `baseline as ${identity.name}` }),
  );
}

/** The other identities' genuine answers on the probe path. */
export async function peerAnswers(ctx: CheckContext, probe: Probe): Promise<PeerAnswer[]> {
  const others = ctx.identities.filter((i) => i !== probe.subject.identity && !i.anonymous);
  const exchanges = await Promise.all(others.map((i) => genuineAnswer(ctx, i, probe.path)));
  return exchanges.map((e, n) => ({ identity: others[n]!.name, response: e.response }));
}
