import { randomBytes } from 'node:crypto';
import { verdict } from '../../analysis/compare.ts';
import type { Credential } from '../../auth/credential.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { isDeletion, parseSetCookies } from '../../http/cookies.ts';
import { headerValues } from '../../http/transport.ts';
import { type LoginTemplate, loginSpec, loginTemplates, maySend } from '../login/flow.ts';
import { inLoginLane, PRIORITY } from '../login/lane.ts';
import { askWith, authenticatedLike, sessionProbe } from './probe.ts';

/**
 * Session fixation: a session id the attacker knows before the victim logs in (one the API handed
 * to an anonymous visitor, or one the attacker made up) is still the victim's session after login.
 * Proof: login presenting that id succeeds without issuing a new one, and the id then gets the
 * authenticated answer; a garbage id is refused on the same endpoint.
 */
const check: Check = {
  meta: {
    id: 'session-fixation',
    title: 'Session id not renewed at login (session fixation)',
    category: 'authentication',
    severity: 'high',
    owasp: 'API2:2023',
    cwe: 'CWE-384',
    description:
      'The API keeps the session id a client presented before login. An attacker who plants a known id in the victim’s browser shares the session once the victim logs in.',
    references: [
      'https://owasp.org/www-community/attacks/Session_fixation',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change',
    ],
    compliance: [PCI.strongAuth, SOC2.logicalAccess],
    active: true,
  },
  applies: (ctx) => loginTemplates(ctx).some((t) => t.source?.from === 'cookie'),
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.fixation, async () => {
      for (const template of loginTemplates(ctx)) {
        if (template.source?.from !== 'cookie' || !maySend(ctx, template.method)) continue;
        const draft = await testFixation(ctx, template, template.source.name);
        if (draft) return [draft];
      }
      return [];
    }),
};

async function testFixation(
  ctx: CheckContext,
  template: LoginTemplate,
  name: string,
): Promise<FindingDraft | undefined> {
  const probe = await sessionProbe(ctx, template.identity);
  if (!probe || verdict(probe.control.response) !== 'denied') return undefined;
  const planted: Array<{ value: string; origin: string; exchange?: Exchange }> = [];
  const anon = await ctx.http.send(
    { method: 'GET', url: template.url },
    { label: 'anonymous visit of the login URL' },
  );
  const preAuth = setCookie(anon, name);
  if (preAuth) planted.push({ value: preAuth, origin: 'handed to an anonymous visitor', exchange: anon });
  const own = template.identity
    .credentials()
    .find((c) => c.placement.in === 'cookie' && c.placement.name === name);
  planted.push({ value: madeUp(own?.value ?? ''), origin: 'made up by the client' });
  for (const p of planted) {
    const login = await ctx.http.send(loginSpec(template, { extra: { cookie: `${name}=${p.value}` } }), {
      label: `login presenting a ${name} cookie ${p.origin}`,
    });
    if (!login.response || login.response.status >= 400) continue;
    const issued = setCookie(login, name);
    if (issued !== undefined && issued !== p.value) continue;
    const credentials: Credential[] = [{ placement: { in: 'cookie', name }, value: p.value }];
    const attack = await askWith(
      ctx,
      probe,
      credentials,
      `attack: the pre-login ${name} after the victim logged in`,
    );
    if (!authenticatedLike(probe, attack)) continue;
    return {
      endpoint: { method: template.method, path: new URL(template.url).pathname },
      evidence: {
        summary: `A ${name} cookie ${p.origin} was kept through login (no new ${name} issued) and then got ${template.identity.name}'s authenticated answer from GET ${probe.path}; a garbage ${name} is refused.`,
        exchanges: [...(p.exchange ? [p.exchange] : []), probe.control, login, attack],
      },
    };
  }
  return undefined;
}

function setCookie(exchange: Exchange, name: string): string | undefined {
  const c = parseSetCookies(headerValues(exchange.response?.headers ?? {}, 'set-cookie')).find(
    (x) => x.name === name && !isDeletion(x),
  );
  return c?.value;
}

/** A value of the same length and alphabet as a real session id, that the server never issued. */
function madeUp(like: string): string {
  const length = Math.min(Math.max(like.length, 24), 128);
  const hex = /^[0-9a-f]+$/i.test(like);
  const raw = randomBytes(length);
  return hex ? raw.toString('hex').slice(0, length) : raw.toString('base64url').slice(0, length);
}

export default check;
