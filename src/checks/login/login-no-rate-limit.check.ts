import { randomBytes } from 'node:crypto';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { issuedCredentials, type LoginTemplate, loginSpec, loginTemplates, maySend } from './flow.ts';
import { inLoginLane, PRIORITY } from './lane.ts';
import { risingLatency, throttleSign } from './throttle.ts';

/** Wrong passwords per burst: above common lockout thresholds (5–20), small enough to stay polite. */
export const BURST = 30;
const PARALLEL = 3;

/**
 * A bounded burst of wrong passwords against a configured test account, stopping at the first sign
 * of throttling (429, Retry-After, lockout text, rising latency). No sign after the whole burst, and
 * the genuine password still logs in at the end (no silent lockout): brute force is not slowed down.
 */
const check: Check = {
  meta: {
    id: 'login-no-rate-limit',
    title: 'Login has no rate limiting or lockout',
    category: 'authentication',
    severity: 'medium',
    owasp: 'API2:2023',
    cwe: 'CWE-307',
    description:
      'The login endpoint accepts unlimited wrong passwords at full speed, so passwords can be guessed by brute force or credential stuffing.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks',
    ],
    compliance: [PCI.lockout, SOC2.logicalAccess],
    active: true,
  },
  applies: (ctx) => loginTemplates(ctx).some((t) => t.source && maySend(ctx, t.method)),
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.rateLimit, async () => {
      const template = loginTemplates(ctx).find((t) => t.source && maySend(ctx, t.method));
      if (!template) return [];
      const draft = await burst(ctx, template);
      return draft ? [draft] : [];
    }),
};

async function burst(ctx: CheckContext, t: LoginTemplate): Promise<FindingDraft | undefined> {
  const sent: Exchange[] = [];
  while (sent.length < BURST) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(PARALLEL, BURST - sent.length) }, (_, i) =>
        ctx.http.send(loginSpec(t, { password: `Wrong-${randomBytes(6).toString('hex')}` }), {
          label: `burst: wrong password #${sent.length + i + 1} for ${t.identity.name}`,
        }),
      ),
    );
    sent.push(...batch);
    if (batch.some((e) => throttleSign(e) || issuedCredentials(t, e))) return undefined;
    if (risingLatency(sent.map((e) => e.durationMs))) return undefined;
  }
  const genuine = await ctx.http.send(loginSpec(t), {
    label: `attack: the genuine password right after ${BURST} failures`,
  });
  if (throttleSign(genuine) || !issuedCredentials(t, genuine)) return undefined;
  const ms = sent.map((e) => e.durationMs);
  return {
    endpoint: { method: t.method, path: new URL(t.url).pathname },
    evidence: {
      summary: `${BURST} wrong passwords for ${t.identity.name} were all answered without throttling (no 429, Retry-After or lockout message; latency ${Math.min(...ms)}–${Math.max(...ms)} ms), and the genuine password still logged in immediately afterwards.`,
      exchanges: [sent[0]!, sent[sent.length - 1]!, genuine],
      facts: {
        'failed attempts': String(BURST),
        'statuses seen': [...new Set(sent.map((e) => e.response?.status))].join(', '),
      },
    },
  };
}

export default check;
