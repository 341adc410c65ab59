import { randomBytes } from 'node:crypto';
import { parseJson } from '../../analysis/json-path.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft, HttpMethod } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import {
  issuedCredentials,
  type LoginTemplate,
  loginSpec,
  loginTemplates,
  maySend,
  unknownUser,
} from './flow.ts';
import { inLoginLane, PRIORITY } from './lane.ts';

const REGISTER = /(^|\/)(register|registration|sign-?up|users|accounts)\/?$/i;

/** Registration operations: listed POSTs that look like sign-up, else guesses next to the login path. */
export function registerCandidates(
  ctx: CheckContext,
  t: LoginTemplate,
): Array<{ method: HttpMethod; path: string }> {
  const listed = ctx.inventory.endpoints
    .filter((e) => e.method === 'POST' && REGISTER.test(e.path) && !e.path.includes('{'))
    .map((e) => ({ method: e.method, path: e.path }));
  if (listed.length > 0) return listed;
  const login = new URL(t.url).pathname;
  const guesses = ['register', 'signup'].map((n) =>
    login.replace(/(log-?in|sign-?in|session|token)\/?$/i, n),
  );
  return [...new Set(guesses.filter((g) => g !== login))].map((path) => ({ method: 'POST' as const, path }));
}

/**
 * The same email (login name) registers twice (--active). Each new account uses a fresh random
 * address, so real users are never touched; the second registration must be refused.
 */
const check: Check = {
  meta: {
    id: 'duplicate-registration',
    title: 'Same login name can register twice',
    category: 'authentication',
    severity: 'high',
    owasp: 'API2:2023',
    cwe: 'CWE-287',
    description:
      'Registration does not enforce unique emails or user names, so two accounts share one login name and the login picks one of them: users can end up in the wrong account, and re-registering can take over an account.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html',
    ],
    compliance: [PCI.strongAuth, SOC2.credentials],
    active: true,
  },
  applies: (ctx) => loginTemplates(ctx).length > 0,
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.duplicateRegistration, async () => {
      const t = maySend(ctx, 'POST') ? loginTemplates(ctx)[0] : undefined;
      if (!t) return [];
      for (const candidate of registerCandidates(ctx, t)) {
        const draft = await registerTwice(ctx, t, candidate);
        if (draft !== 'absent') return draft ? [draft] : [];
      }
      return [];
    }),
};

function registration(t: LoginTemplate, path: string, user: string, password: string) {
  const spec = loginSpec(t, { username: user, password });
  return { ...spec, method: 'POST' as const, url: path };
}

/** The new account's id when the registration answer names one. Pure. */
export function accountId(exchange: Exchange): string | undefined {
  const body = parseJson(exchange.response?.body ?? '');
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  for (const source of [record, record.user, record.data]) {
    if (!source || typeof source !== 'object') continue;
    for (const key of ['user_id', 'userId', 'id', 'account_id', 'uuid']) {
      const v = (source as Record<string, unknown>)[key];
      if (typeof v === 'string' || typeof v === 'number') return String(v);
    }
  }
  return undefined;
}

async function registerTwice(
  ctx: CheckContext,
  t: LoginTemplate,
  candidate: { method: HttpMethod; path: string },
): Promise<FindingDraft | undefined | 'absent'> {
  const user = unknownUser(t.username, `dup-${randomBytes(4).toString('hex')}`);
  const p1 = `Apiward-1-${randomBytes(6).toString('hex')}`;
  const p2 = `Apiward-2-${randomBytes(6).toString('hex')}`;
  const first = await ctx.http.send(registration(t, candidate.path, user, p1), {
    label: `register a fresh account ${user}`,
  });
  const s1 = first.response?.status ?? 0;
  if (s1 === 404 || s1 === 405 || s1 === 0) return 'absent';
  if (s1 < 200 || s1 >= 300) return undefined;
  const second = await ctx.http.send(registration(t, candidate.path, user, p2), {
    label: `attack: register ${user} again with another password`,
  });
  const s2 = second.response?.status ?? 0;
  if (s2 < 200 || s2 >= 300) return undefined;
  const login1 = await ctx.http.send(loginSpec(t, { username: user, password: p1 }), {
    label: 'login with the first password',
  });
  const login2 = await ctx.http.send(loginSpec(t, { username: user, password: p2 }), {
    label: 'login with the second password',
  });
  const loggedIn = (e: Exchange) => issuedCredentials(t, e) !== undefined;
  const ok1 = loggedIn(login1);
  const ok2 = loggedIn(login2);
  if (!ok1 && !ok2) return undefined;
  const control = await ctx.http.send(
    loginSpec(t, { username: user, password: `Wrong-${randomBytes(6).toString('hex')}` }),
    { label: 'control: login with a wrong password' },
  );
  if (loggedIn(control)) return undefined;
  const id1 = accountId(first);
  const id2 = accountId(second);
  const twoAccounts = id1 !== undefined && id2 !== undefined && id1 !== id2;
  const outcome =
    ok1 && ok2
      ? 'both passwords log in'
      : ok1 || ok2
        ? `only the ${ok1 ? 'first' : 'second'} password logs in: the login resolves the email to one of the accounts`
        : 'neither password logs in';
  return {
    endpoint: candidate,
    evidence: {
      summary: `Registering ${user} twice was accepted both times (${s1}, then ${s2})${twoAccounts ? `, creating two accounts (${id1}, ${id2})` : ''}; ${outcome}.`,
      exchanges: [first, login1, login2, control, second],
      facts: {
        'first registration': `${s1}${id1 ? ` id ${id1}` : ''}`,
        'second registration': `${s2}${id2 ? ` id ${id2}` : ''}`,
        'login with first password': ok1 ? 'succeeds' : 'fails',
        'login with second password': ok2 ? 'succeeds' : 'fails',
      },
    },
  };
}

export default check;
