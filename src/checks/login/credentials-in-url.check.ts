import { randomBytes } from 'node:crypto';
import { verdict } from '../../analysis/compare.ts';
import { describePlacement } from '../../auth/credential.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft, RequestSpec } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { authBaselines } from '../shared/baseline.ts';
import { issuedCredentials, type LoginTemplate, loginSpec, loginTemplates, maySend } from './flow.ts';
import { inLoginLane, PRIORITY } from './lane.ts';

/** Plain HTTP to anything but this machine: a local lab or dev server is not a finding. Pure. */
export function plainHttpExposed(url: string): boolean {
  const u = new URL(url);
  if (u.protocol !== 'http:') return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1');
}

/**
 * Passwords or session tokens travel where they leak: in the URL (logged by proxies and servers, kept
 * in browser history, sent in Referer) or over plain HTTP to a remote host. The password variant is
 * proven by a login that succeeds with the credentials moved from the body into the query string
 * while the same request with a wrong password is refused.
 */
const check: Check = {
  meta: {
    id: 'credentials-in-url',
    title: 'Credentials accepted in the URL or over plain HTTP',
    category: 'authentication',
    severity: 'medium',
    owasp: 'API2:2023',
    cwe: 'CWE-598',
    description:
      'The API accepts passwords or session tokens in the query string, or over unencrypted HTTP, where proxies, logs, browser history and network observers capture them.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cwe.mitre.org/data/definitions/598.html',
    ],
    compliance: [PCI.authFactorsProtected, SOC2.transmission],
  },
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.defaultCredentials, async () => {
      const drafts: FindingDraft[] = [];
      for (const t of loginTemplates(ctx)) {
        if (plainHttpExposed(t.url)) {
          drafts.push({
            endpoint: { method: t.method, path: new URL(t.url).pathname },
            variant: 'plain-http',
            severity: 'high',
            title: 'Login over plain HTTP',
            evidence: {
              summary: `The login at ${t.url} accepts the password over unencrypted HTTP.`,
              exchanges: [t.genuine],
            },
          });
          break;
        }
      }
      drafts.push(...(await tokenInQuery(ctx)));
      const t = loginTemplates(ctx).find((x) => x.source && maySend(ctx, x.method));
      const query = t ? await passwordInQuery(ctx, t) : undefined;
      if (query) drafts.push(query);
      return drafts;
    }),
};

async function tokenInQuery(ctx: CheckContext): Promise<FindingDraft[]> {
  const baselines = await authBaselines(ctx);
  for (const identity of ctx.identities) {
    const inQuery = identity.credentials().find((c) => c.placement.in === 'query');
    if (!inQuery) continue;
    const accepted = baselines.find(
      (b) =>
        b.owner === identity &&
        verdict(b.genuine?.response) === 'allowed' &&
        verdict(b.anonymous.response) === 'denied',
    );
    if (!accepted?.genuine) continue;
    return [
      {
        endpoint: { method: 'GET', path: accepted.endpoint.path },
        variant: 'token-in-query',
        evidence: {
          summary: `The API authenticates ${identity.name} by a token in the ${describePlacement(inQuery.placement)} and refuses anonymous callers, so session tokens travel in URLs.`,
          exchanges: [accepted.anonymous, accepted.genuine],
        },
      },
    ];
  }
  return [];
}

function queryLogin(t: LoginTemplate, password: string): RequestSpec {
  const spec = loginSpec(t, { password });
  const url = new URL(t.url);
  url.searchParams.set(t.userField, t.username);
  url.searchParams.set(t.passwordField, password);
  const rest = Object.fromEntries(
    Object.entries(t.fields).filter(([k]) => k !== t.userField && k !== t.passwordField),
  );
  const body =
    t.encoding === 'json'
      ? JSON.stringify(rest)
      : new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString();
  return { ...spec, url: url.toString(), body };
}

async function passwordInQuery(ctx: CheckContext, t: LoginTemplate): Promise<FindingDraft | undefined> {
  const control = await ctx.http.send(queryLogin(t, `Wrong-${randomBytes(6).toString('hex')}`), {
    label: 'control: credentials in the query string, wrong password',
  });
  if (issuedCredentials(t, control)) return undefined;
  const attack = await ctx.http.send(queryLogin(t, t.password), {
    label: 'attack: user name and password in the query string only',
  });
  if (!issuedCredentials(t, attack)) return undefined;
  return {
    endpoint: { method: t.method, path: new URL(t.url).pathname },
    variant: 'password-in-query',
    severity: 'high',
    title: 'Login accepts the password in the URL',
    evidence: {
      summary: `The login succeeded with "${t.userField}" and "${t.passwordField}" sent only in the query string; the same request with a wrong password was refused.`,
      exchanges: [control, attack],
    },
  };
}

export default check;
