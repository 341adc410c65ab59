import { carriesData, sameData, verdict } from '../../../analysis/compare.ts';
import { markersIn } from '../../../analysis/sensitive.ts';
import type { Exchange } from '../../../core/types.ts';
import type { CheckContext } from '../../../engine/context.ts';
import { concretePath } from '../../../inventory/materialize.ts';
import type { Endpoint } from '../../../inventory/types.ts';
import { type ForgedToken, signatureTamperTokens } from '../../../jwt/index.ts';
import { authBaselines } from '../../shared/baseline.ts';
import { credentialsWith, type JwtSubject, jwtSubjects, placementKey, subjectKey } from './subjects.ts';

/** How many endpoints a non-owner identity may try before giving up on finding a probe. */
const MAX_CANDIDATES = 6;

/**
 * An endpoint where the subject's token decides the answer: the genuine token gets data, an
 * anonymous request is refused, and the corrupted-signature control shows whether signatures are checked.
 */
export interface Probe {
  subject: JwtSubject;
  endpoint: Endpoint;
  path: string;
  genuine: Exchange;
  anonymous: Exchange;
  /** The genuine token with one signature bit flipped. */
  control: Exchange;
  controlToken: ForgedToken;
  /** The control got the genuine answer: the API does not verify signatures at all. */
  controlAccepted: boolean;
}

interface Candidate {
  endpoint: Endpoint;
  path: string;
  genuine?: Exchange;
  anonymous: Exchange;
  score: number;
}

/** Higher is better: data carrying the identity's own markers, on a path without placeholders. Pure. */
export function candidateScore(
  endpoint: Endpoint,
  body: string | undefined,
  markers: ReadonlyMap<string, string>,
): number {
  let score = 0;
  if (body !== undefined && markersIn(body, markers).length > 0) score += 4;
  if (!endpoint.path.includes('{')) score += 2;
  if (endpoint.declaredSecurity === 'required') score += 1;
  // The caller's own record answers the same way whoever asks: the clearest probe.
  if (/\/(me|profile|account|user|whoami|self)(\/|$)/i.test(endpoint.path)) score += 1;
  return score;
}

/** Memoised per subject. Undefined when no endpoint tells a genuine token from no token. */
export function probeFor(ctx: CheckContext, subject: JwtSubject): Promise<Probe | undefined> {
  return ctx.memo(`jwt:probe:${subjectKey(subject)}`, () => findProbe(ctx, subject));
}

async function findProbe(ctx: CheckContext, subject: JwtSubject): Promise<Probe | undefined> {
  const { identity } = subject;
  const candidates: Candidate[] = [];
  for (const b of await authBaselines(ctx)) {
    if (verdict(b.anonymous.response) !== 'denied') continue;
    if (b.owner === identity) {
      if (!b.genuine || !carriesData(b.genuine.response)) continue;
      candidates.push({
        endpoint: b.endpoint,
        path: b.path,
        genuine: b.genuine,
        anonymous: b.anonymous,
        score: candidateScore(b.endpoint, b.genuine.response?.body, identity.markers) + 1,
      });
    } else {
      const path = concretePath(b.endpoint, identity.markers);
      if (path === undefined || path !== b.path) continue;
      candidates.push({
        endpoint: b.endpoint,
        path,
        anonymous: b.anonymous,
        score: candidateScore(b.endpoint, b.genuine?.response?.body, identity.markers),
      });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  let sent = 0;
  for (const c of candidates) {
    let genuine = c.genuine;
    if (!genuine) {
      if (sent >= MAX_CANDIDATES) continue;
      sent++;
      genuine = await ctx.http.send(
        { method: 'GET', url: c.path },
        { identity, label: `baseline as ${identity.name} (genuine token)` },
      );
      if (!carriesData(genuine.response)) continue;
    }
    const controlToken = signatureTamperTokens(subject.parsed)[0]!;
    const control = await ctx.http.send(
      { method: 'GET', url: c.path },
      {
        identity,
        credentials: credentialsWith(subject, controlToken.token),
        label: 'control: genuine token with a corrupted signature',
      },
    );
    if (!control.response) continue;
    return {
      subject,
      endpoint: c.endpoint,
      path: c.path,
      genuine,
      anonymous: c.anonymous,
      control,
      controlToken,
      controlAccepted: sameData(genuine.response, control.response),
    };
  }
  return undefined;
}

/**
 * The probes network attacks run on: one per distinct token placement (the first identity that has
 * one), so a scan with three users in the same header attacks once. Memoised.
 */
export function attackProbes(ctx: CheckContext): Promise<Probe[]> {
  return ctx.memo('jwt:attack-probes', async () => {
    const probes: Probe[] = [];
    const done = new Set<string>();
    for (const subject of await jwtSubjects(ctx)) {
      const key = placementKey(subject.placement);
      if (done.has(key)) continue;
      const probe = await probeFor(ctx, subject);
      if (probe) {
        done.add(key);
        probes.push(probe);
      }
    }
    return probes;
  });
}

/** Probes whose API verifies signatures (the control was refused): where key and header attacks mean something. */
export async function verifyingProbes(ctx: CheckContext): Promise<Probe[]> {
  return (await attackProbes(ctx)).filter((p) => !p.controlAccepted);
}
