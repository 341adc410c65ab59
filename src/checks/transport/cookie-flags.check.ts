import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft, Severity } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { isDeletion, parseSetCookies, type SetCookie } from '../../http/cookies.ts';
import { headerValues } from '../../http/transport.ts';
import { authBaselines } from '../shared/baseline.ts';

const AUTH_COOKIE_NAME = /sess|sid|auth|token|jwt|login|remember|identity|connect\.sid|^id$/i;
const AUTH_COOKIE_VALUE = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$|^\.?eyJ[\w-]*\.[\w-]+\.[\w-]+$|^s%3A/;
const RANK: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

interface Problem {
  flag: string;
  severity: Severity;
  why: string;
}

/** Pure: what is wrong with one authentication cookie's attributes. */
export function cookieProblems(cookie: SetCookie, https: boolean, host = ''): Problem[] {
  const problems: Problem[] = [];
  const domain = cookie.domain?.replace(/^\./, '').toLowerCase();
  if (domain && host && domain !== host.toLowerCase() && host.toLowerCase().endsWith(`.${domain}`)) {
    problems.push({
      flag: 'Domain',
      severity: 'low',
      why: `Domain=${domain} sends it to every subdomain of ${domain}, not only ${host}`,
    });
  }
  if (!cookie.httpOnly) {
    problems.push({
      flag: 'HttpOnly',
      severity: 'medium',
      why: 'any script injected into the page can read the session',
    });
  }
  const sameSite = cookie.sameSite?.toLowerCase();
  if (!cookie.secure) {
    problems.push({
      flag: 'Secure',
      severity: https || sameSite === 'none' ? 'medium' : 'low',
      why: 'the browser also sends it over plain HTTP',
    });
  }
  if (!sameSite) {
    problems.push({ flag: 'SameSite', severity: 'low', why: 'cross-site requests may carry it (CSRF)' });
  } else if (sameSite === 'none') {
    problems.push({ flag: 'SameSite=None', severity: 'low', why: 'every cross-site request carries it' });
  }
  const lifetime =
    cookie.maxAge ?? (cookie.expires ? (cookie.expires.getTime() - Date.now()) / 1000 : undefined);
  if (lifetime !== undefined && lifetime > 30 * 86_400) {
    problems.push({
      flag: 'lifetime',
      severity: 'low',
      why: `it lives ${Math.round(lifetime / 86_400)} days`,
    });
  }
  return problems;
}

const check: Check = {
  meta: {
    id: 'cookie-flags',
    title: 'Session cookie without protective attributes',
    category: 'encryption',
    severity: 'medium',
    owasp: 'API8:2023',
    cwe: 'CWE-1004',
    description:
      'A cookie that authenticates the user is set without HttpOnly, Secure or SameSite, so scripts, plain-HTTP connections or cross-site requests can obtain or use it.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies',
    ],
    compliance: [PCI.authFactorsProtected, SOC2.transmission],
  },
  async run(ctx) {
    const https = ctx.target.baseUrl.protocol === 'https:';
    const seen = new Map<string, { cookie: SetCookie; exchange: Exchange }>();
    for (const exchange of await cookieSources(ctx)) {
      for (const cookie of parseSetCookies(headerValues(exchange.response?.headers ?? {}, 'set-cookie'))) {
        if (isDeletion(cookie) || seen.has(cookie.name) || !isAuthCookie(ctx, cookie)) continue;
        seen.set(cookie.name, { cookie, exchange });
      }
    }
    const drafts: FindingDraft[] = [];
    for (const { cookie, exchange } of seen.values()) {
      const problems = cookieProblems(cookie, https, ctx.target.baseUrl.hostname);
      if (problems.length === 0) continue;
      const severity = RANK.find((s) => problems.some((p) => p.severity === s))!;
      const url = new URL(exchange.request.url);
      drafts.push({
        endpoint: { method: exchange.request.method, path: url.pathname },
        variant: cookie.name,
        severity,
        title: `Session cookie "${cookie.name}" without ${problems.map((p) => p.flag).join(', ')}`,
        detail: problems.map((p) => `${p.flag}: ${p.why}`).join('; '),
        evidence: {
          summary: `Set-Cookie for "${cookie.name}" lacks ${problems.map((p) => p.flag).join(', ')}.`,
          exchanges: [exchange],
          facts: { 'Set-Cookie attributes': cookie.raw.split(';').slice(1).join(';').trim() || '(none)' },
        },
      });
    }
    return drafts;
  },
};

async function cookieSources(ctx: CheckContext): Promise<Exchange[]> {
  const logins = ctx.identities.map((i) => i.loginExchange).filter((e): e is Exchange => !!e);
  const baselines = await authBaselines(ctx);
  return [...logins, ...baselines.flatMap((b) => [b.genuine, b.anonymous].filter((e): e is Exchange => !!e))];
}

function isAuthCookie(ctx: CheckContext, cookie: SetCookie): boolean {
  const usedAsCredential = ctx.identities.some((i) =>
    i.credentials().some((c) => c.placement.in === 'cookie' && c.placement.name === cookie.name),
  );
  return usedAsCredential || AUTH_COOKIE_NAME.test(cookie.name) || AUTH_COOKIE_VALUE.test(cookie.value);
}

export default check;
