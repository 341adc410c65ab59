import { randomBytes } from 'node:crypto';
import { normaliseBody } from '../../analysis/compare.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { parseSetCookies } from '../../http/cookies.ts';
import { headerValue, headerValues } from '../../http/transport.ts';
import {
  issuedCredentials,
  type LoginTemplate,
  loginSpec,
  loginTemplates,
  maySend,
  unknownUser,
} from './flow.ts';
import { inLoginLane, PRIORITY } from './lane.ts';
import { timingDiffers } from './stats.ts';
import { throttleSign } from './throttle.ts';

/** Samples per class and round; two rounds stay under common lockout thresholds (~20 failures). */
const SAMPLES = 8;

/**
 * The login answer tells an unknown user from a known user with a wrong password: by status, body or
 * headers (each class asked twice, both stable, the two classes different), or by timing (two
 * independent rounds of interleaved samples, each significant under a rank test with a margin that
 * jitter does not produce). Any sign of throttling stops the test without a finding.
 */
const check: Check = {
  meta: {
    id: 'user-enumeration',
    title: 'Login reveals which accounts exist',
    category: 'authentication',
    severity: 'medium',
    owasp: 'API2:2023',
    cwe: 'CWE-204',
    description:
      'The login endpoint answers an unknown user differently from a known user with a wrong password, so anyone can find out which accounts exist and target them.',
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/03-Identity_Management_Testing/04-Testing_for_Account_Enumeration_and_Guessable_User_Account',
      'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages',
    ],
    compliance: [PCI.strongAuth, SOC2.logicalAccess],
  },
  applies: (ctx) => loginTemplates(ctx).some((t) => maySend(ctx, t.method)),
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.enumeration, async () => {
      const template = loginTemplates(ctx).find((t) => maySend(ctx, t.method));
      if (!template) return [];
      const draft = await enumerate(ctx, template);
      return draft ? [draft] : [];
    }),
};

interface Sample {
  exchange: Exchange;
  kind: 'known' | 'unknown';
  user: string;
}

async function attempt(
  ctx: CheckContext,
  t: LoginTemplate,
  kind: Sample['kind'],
  label: string,
): Promise<Sample> {
  const tag = randomBytes(5).toString('hex');
  const user = kind === 'known' ? t.username : unknownUser(t.username, tag);
  const password = `Wrong-${randomBytes(6).toString('hex')}`;
  const exchange = await ctx.http.send(loginSpec(t, { username: user, password }), {
    label: `${label}: ${kind === 'known' ? `known user ${t.identity.name}, wrong password` : 'unknown user'}`,
  });
  return { exchange, kind, user };
}

/** What a client can see of a failed login, with the submitted user name masked. Pure. */
export function visibleAnswer(exchange: Exchange, user: string): string {
  const r = exchange.response;
  if (!r) return 'no response';
  const masked = normaliseBody(
    r.body.split(user).join('<user>').split(encodeURIComponent(user)).join('<user>'),
  );
  const cookies = parseSetCookies(headerValues(r.headers, 'set-cookie'))
    .map((c) => c.name)
    .sort()
    .join(',');
  return JSON.stringify([
    r.status,
    masked,
    headerValue(r.headers, 'location') ?? '',
    headerValue(r.headers, 'www-authenticate') ?? '',
    cookies,
  ]);
}

function unusable(t: LoginTemplate, samples: Sample[]): boolean {
  return samples.some(
    (s) => throttleSign(s.exchange) || !s.exchange.response || issuedCredentials(t, s.exchange),
  );
}

async function enumerate(ctx: CheckContext, t: LoginTemplate): Promise<FindingDraft | undefined> {
  const endpoint = { method: t.method, path: new URL(t.url).pathname };
  const first: Sample[] = [];
  for (const kind of ['known', 'unknown', 'unknown', 'known'] as const)
    first.push(await attempt(ctx, t, kind, 'response probe'));
  if (unusable(t, first)) return undefined;
  const known = first.filter((s) => s.kind === 'known').map((s) => visibleAnswer(s.exchange, s.user));
  const unknown = first.filter((s) => s.kind === 'unknown').map((s) => visibleAnswer(s.exchange, s.user));
  const stable = known[0] === known[1] && unknown[0] === unknown[1];
  if (stable && known[0] !== unknown[0]) {
    const k = first.find((s) => s.kind === 'known')!.exchange.response!;
    const u = first.find((s) => s.kind === 'unknown')!.exchange.response!;
    const what = k.status !== u.status ? `status ${k.status} vs ${u.status}` : 'the body or headers differ';
    return {
      endpoint,
      variant: 'response',
      evidence: {
        summary: `A known user with a wrong password and an unknown user get different answers (${what}), consistently over two attempts each.`,
        exchanges: [first[0]!.exchange, first[3]!.exchange, first[1]!.exchange, first[2]!.exchange],
      },
    };
  }
  if (!stable) return undefined;
  const rounds: Array<{ verdict: ReturnType<typeof timingDiffers>; samples: Sample[] }> = [];
  for (const alpha of [0.005, 0.01]) {
    const samples: Sample[] = [];
    await attempt(ctx, t, 'unknown', 'timing warm-up');
    for (let i = 0; i < SAMPLES; i++) {
      const order = i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const);
      for (const kind of order) samples.push(await attempt(ctx, t, kind, `timing sample ${i + 1}`));
    }
    if (unusable(t, samples)) return undefined;
    const ms = (kind: Sample['kind']) =>
      samples.filter((s) => s.kind === kind).map((s) => s.exchange.durationMs);
    const verdict = timingDiffers(ms('known'), ms('unknown'), { alpha });
    if (!verdict.differs) return undefined;
    rounds.push({ verdict, samples });
  }
  const [r1, r2] = rounds as [(typeof rounds)[number], (typeof rounds)[number]];
  const slower = r1.verdict.medianA > r1.verdict.medianB ? 'known users' : 'unknown users';
  const pick = (kind: Sample['kind']) => r2.samples.find((s) => s.kind === kind)!.exchange;
  return {
    endpoint,
    variant: 'timing',
    confidence: 'confirmed',
    evidence: {
      summary: `Answers look the same, but ${slower} are answered measurably slower: median ${Math.round(r1.verdict.medianA)} ms (known) vs ${Math.round(r1.verdict.medianB)} ms (unknown) over ${SAMPLES}+${SAMPLES} interleaved samples, repeated in a second independent round.`,
      exchanges: [pick('unknown'), pick('known')],
      facts: {
        'round 1': describe(r1.verdict),
        'round 2': describe(r2.verdict),
        method: 'two-sided Mann–Whitney U on response times, interleaved samples, gap ≥ 15 ms and ≥ 30 %',
      },
    },
  };
}

function describe(v: ReturnType<typeof timingDiffers>): string {
  return `median known ${v.medianA.toFixed(1)} ms, unknown ${v.medianB.toFixed(1)} ms, p = ${v.pValue.toExponential(2)}`;
}

export default check;
