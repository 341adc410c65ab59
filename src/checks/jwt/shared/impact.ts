import { verdict } from '../../../analysis/compare.ts';
import type { Exchange } from '../../../core/types.ts';
import type { CheckContext, IdentityView } from '../../../engine/context.ts';
import type { Endpoint } from '../../../inventory/types.ts';
import type { ForgedToken, ImpactHints, JsonValue, JwtPayload } from '../../../jwt/index.ts';
import { authBaselines } from '../../shared/baseline.ts';
import { type Accepted, genuineAnswer, tryTokens } from './attempt.ts';
import { subjectsOf } from './subjects.ts';
import type { Probe } from './target.ts';

const IDENTITY_CLAIM = /^(sub|username|user|user_?id|uid|id|email|preferred_?username|login)$/i;
const MARKER_ORDER = ['user_id', 'id', 'sub', 'username', 'email'];
const MAX_ESCALATION_ENDPOINTS = 4;

const scalar = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/**
 * Other users' identifiers as this API's tokens name them: the value of the genuine token's own
 * identity claim in the other identity's token, else the other identity's markers. One per identity. Pure.
 */
export function otherSubjects(
  payload: JwtPayload,
  self: IdentityView,
  identities: readonly IdentityView[],
): string[] {
  const claims = Object.keys(payload).filter((k) => IDENTITY_CLAIM.test(k));
  const tokens = subjectsOf(identities);
  const out: string[] = [];
  for (const other of identities) {
    if (other === self || other.anonymous) continue;
    const theirs = tokens.find((s) => s.identity === other)?.parsed.payload;
    let value: string | undefined;
    for (const claim of claims) {
      value ??= scalar(theirs?.[claim]) ?? markerNamed(other.markers, claim);
    }
    for (const name of MARKER_ORDER) value ??= other.markers.get(name);
    if (value !== undefined && !out.includes(value)) out.push(value);
  }
  return out.slice(0, 3);
}

function markerNamed(markers: ReadonlyMap<string, string>, claim: string): string | undefined {
  const want = claim.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const [k, v] of markers) if (k.toLowerCase().replace(/[^a-z0-9]/g, '') === want) return v;
  return undefined;
}

export function impactHints(ctx: CheckContext, probe: Probe): ImpactHints {
  return {
    otherSubjects: otherSubjects(probe.subject.parsed.payload, probe.subject.identity, ctx.identities),
  };
}

export interface Escalation {
  endpoint: Endpoint;
  path: string;
  /** The identity's genuine token refused on this endpoint. */
  denied: Exchange;
  /** A privileged identity's genuine answer there. */
  privileged: Exchange;
  accepted: Accepted;
}

/**
 * Privilege tokens against endpoints the identity is refused but another identity may read: accepted
 * when the forged token gets exactly the privileged identity's answer.
 */
export async function escalate(
  ctx: CheckContext,
  probe: Probe,
  tokens: readonly ForgedToken[],
): Promise<Escalation | undefined> {
  if (tokens.length === 0) return undefined;
  const self = probe.subject.identity;
  const others = ctx.identities.filter((i) => i !== self && !i.anonymous);
  if (others.length === 0) return undefined;
  const refused = (await authBaselines(ctx))
    .filter(
      (b) =>
        b.owner === self &&
        b.genuine !== undefined &&
        verdict(b.genuine.response) === 'denied' &&
        verdict(b.anonymous.response) === 'denied',
    )
    .slice(0, MAX_ESCALATION_ENDPOINTS);
  for (const b of refused) {
    const answers = await Promise.all(others.map((o) => genuineAnswer(ctx, o, b.path)));
    const privileged = answers.find((e) => verdict(e.response) === 'allowed');
    if (!privileged || !b.genuine) continue;
    const { accepted } = await tryTokens(ctx, probe, tokens, {
      path: b.path,
      genuine: privileged.response,
      label: 'jwt-weak-secret (escalation)',
    });
    if (accepted) {
      return {
        endpoint: b.endpoint,
        path: b.path,
        denied: b.genuine,
        privileged,
        accepted: { ...accepted, as: privileged.identity },
      };
    }
  }
  return undefined;
}
