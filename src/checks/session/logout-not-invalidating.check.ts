import { verdict } from '../../analysis/compare.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { isDeletion, parseSetCookies } from '../../http/cookies.ts';
import { headerValues } from '../../http/transport.ts';
import { freshSession, type LoginTemplate, loginTemplates, maySend } from '../login/flow.ts';
import { inLoginLane, PRIORITY } from '../login/lane.ts';
import { isCatchAll } from '../shared/baseline.ts';
import { logoutCandidates } from './logout-endpoint.ts';
import { askWith, authenticatedLike, sessionProbe } from './probe.ts';

/**
 * After the API's logout, the session it ended still works. Uses a fresh session of its own (so the
 * scan's identities stay logged in): it works before logout, logout is answered, and the same
 * credential still gets the authenticated answer afterwards while a garbage credential is refused.
 */
const check: Check = {
  meta: {
    id: 'logout-not-invalidating',
    title: 'Session still valid after logout',
    category: 'authentication',
    severity: 'medium',
    owasp: 'API2:2023',
    cwe: 'CWE-613',
    description:
      'Logging out does not end the session on the server: a token or cookie captured before logout keeps working afterwards.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#manual-session-expiration',
    ],
    compliance: [PCI.sessionIdle, SOC2.credentials],
  },
  applies: (ctx) => loginTemplates(ctx).some((t) => maySend(ctx, t.method)),
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.logout, async () => {
      for (const template of loginTemplates(ctx)) {
        if (!template.source || !maySend(ctx, template.method)) continue;
        const draft = await testLogout(ctx, template);
        if (draft) return [draft];
      }
      return [];
    }),
};

async function testLogout(ctx: CheckContext, template: LoginTemplate): Promise<FindingDraft | undefined> {
  const probe = await sessionProbe(ctx, template.identity);
  if (!probe) return undefined;
  for (const candidate of logoutCandidates(ctx, template)) {
    if (!maySend(ctx, candidate.method)) continue;
    const fresh = await freshSession(ctx, template, 'fresh login for the logout test');
    if (!fresh) return undefined;
    const before = await askWith(ctx, probe, fresh.credentials, 'fresh session before logout');
    if (!authenticatedLike(probe, before)) return undefined;
    const logout = await ctx.http.send(
      { method: candidate.method, url: candidate.path },
      {
        identity: template.identity,
        credentials: fresh.credentials,
        label: `logout (${candidate.method} ${candidate.path})`,
      },
    );
    if (!(await isLogout(ctx, logout, candidate.guessed))) continue;
    const after = await askWith(ctx, probe, fresh.credentials, 'attack: the same session after logout');
    if (!authenticatedLike(probe, after) || verdict(probe.control.response) !== 'denied') return undefined;
    return {
      endpoint: { method: candidate.method, path: candidate.path },
      evidence: {
        summary: `After ${candidate.method} ${candidate.path} answered ${logout.response!.status}, the session issued before logout still got the authenticated answer from GET ${probe.path}; a garbage credential is refused there.`,
        exchanges: [before, probe.control, logout, after],
        facts: { 'logout response cleared the cookie client-side': String(clearsCookie(logout)) },
      },
    };
  }
  return undefined;
}

async function isLogout(ctx: CheckContext, exchange: Exchange, guessed: boolean): Promise<boolean> {
  const r = exchange.response;
  if (!r || r.status >= 400) return false;
  if (guessed && (await isCatchAll(ctx, r))) return false;
  return true;
}

function clearsCookie(exchange: Exchange): boolean {
  return parseSetCookies(headerValues(exchange.response?.headers ?? {}, 'set-cookie')).some(
    (c) => isDeletion(c) || c.value.length > 0,
  );
}

export default check;
