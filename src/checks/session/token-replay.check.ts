import { getPath, parseJson } from '../../analysis/json-path.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { recogniseSignedCookie } from '../../session/index.ts';
import { freshSession, type LoginTemplate, loginTemplates, maySend } from '../login/flow.ts';
import { inLoginLane, PRIORITY } from '../login/lane.ts';
import { askWith, authenticatedLike, sessionProbe } from './probe.ts';

/** A JWS: three parts and a header naming an algorithm (a Flask cookie also starts with eyJ). Pure. */
export function isJwt(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 3 || !parts[0]!.startsWith('eyJ')) return false;
  const header = parseJson(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  return !!header && typeof header === 'object' && 'alg' in header;
}
const LIFETIME_KEYS = ['expires_in', 'expiresIn', 'ttl', 'max_age', 'maxAge', 'lifetime'];
const LONG_SECONDS = 7 * 86_400;
const EXPIRY_FIELD = /^(exp|expires?(_at|At)?|expiry|valid_until|ttl|deadline)$/i;

/**
 * A session token that can be replayed indefinitely: every login hands out the very same token (it
 * never rotates), the login answer declares a lifetime over a week, or the session is a signed
 * client-side cookie that names the user and carries no expiry (valid until the key changes).
 * JWTs are left to the jwt-* checks.
 */
const check: Check = {
  meta: {
    id: 'token-replay',
    title: 'Session token replayable for a long or unlimited time',
    category: 'authentication',
    severity: 'medium',
    owasp: 'API2:2023',
    cwe: 'CWE-613',
    description:
      'A captured session token stays usable far longer than a session should: it never rotates between logins, lives for weeks, or cannot be revoked by the server.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration',
    ],
    compliance: [PCI.sessionIdle, SOC2.credentials],
  },
  applies: (ctx) => loginTemplates(ctx).length > 0,
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.replay, async () => {
      const drafts: FindingDraft[] = [];
      for (const template of loginTemplates(ctx)) {
        const value = template.identity.credentials()[0]?.value ?? '';
        if (isJwt(value)) continue;
        const found = declaredLifetime(template) ?? stateless(template) ?? (await staticToken(ctx, template));
        if (found) {
          drafts.push(found);
          break;
        }
      }
      return drafts;
    }),
};

function endpointOf(template: LoginTemplate) {
  return { method: template.method, path: new URL(template.url).pathname };
}

/** The login answer says the token lives longer than a week. */
function declaredLifetime(template: LoginTemplate): FindingDraft | undefined {
  const body = parseJson(template.genuine.response?.body ?? '');
  for (const key of LIFETIME_KEYS) {
    const v = getPath(body, key) ?? getPath(body, `data.${key}`);
    const seconds =
      typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
    if (seconds !== undefined && seconds > LONG_SECONDS) {
      return {
        endpoint: endpointOf(template),
        variant: 'lifetime',
        confidence: 'likely',
        evidence: {
          summary: `The login answer declares ${key} = ${seconds} s (${Math.round(seconds / 86_400)} days) for the session token.`,
          exchanges: [template.genuine],
        },
      };
    }
  }
  return undefined;
}

/** A signed client-side session naming the user with no expiry inside: the server cannot revoke it. */
function stateless(template: LoginTemplate): FindingDraft | undefined {
  const c = template.identity.credentials().find((x) => x.placement.in === 'cookie');
  if (c?.placement.in !== 'cookie') return undefined;
  const cookie = recogniseSignedCookie(c.placement.name, c.value);
  if (!cookie || cookie.data === undefined || typeof cookie.data !== 'object' || cookie.data === null)
    return undefined;
  const data = cookie.data as Record<string, unknown>;
  const identityValues = new Set(template.identity.markers.values());
  const naming = Object.entries(data).filter(
    ([, v]) => (typeof v === 'string' || typeof v === 'number') && identityValues.has(String(v)),
  );
  if (naming.length === 0 || Object.keys(data).some((k) => EXPIRY_FIELD.test(k))) return undefined;
  return {
    endpoint: endpointOf(template),
    variant: 'stateless',
    confidence: 'likely',
    severity: 'low',
    title: `Client-side session "${c.placement.name}" names the user and cannot be revoked`,
    evidence: {
      summary: `The "${c.placement.name}" cookie is a signed client-side session holding ${naming.map(([k]) => k).join(', ')} and no expiry: a copy stays valid until the signing key changes, whatever logout does.`,
      exchanges: [template.genuine],
      facts: { 'session contents (decoded)': JSON.stringify(cookie.data) },
    },
  };
}

/** Two logins hand out the identical opaque token: it never rotates. */
async function staticToken(ctx: CheckContext, template: LoginTemplate): Promise<FindingDraft | undefined> {
  if (!template.source || !maySend(ctx, template.method)) return undefined;
  const first = await freshSession(ctx, template, 'login #1 (does the token rotate?)');
  await new Promise((r) => setTimeout(r, 1100));
  const second = await freshSession(ctx, template, 'login #2, one second later');
  const a = first?.credentials[0]?.value;
  const b = second?.credentials[0]?.value;
  if (!a || !b || a !== b || isJwt(a)) return undefined;
  const probe = await sessionProbe(ctx, template.identity);
  if (!probe) return undefined;
  const works = await askWith(ctx, probe, second!.credentials, 'the re-issued token authenticates');
  if (!authenticatedLike(probe, works)) return undefined;
  return {
    endpoint: endpointOf(template),
    variant: 'static',
    evidence: {
      summary:
        'Two logins one second apart received the identical session token: the token never rotates, so a token captured once is valid for as long as the account exists.',
      exchanges: [first!.exchange, probe.control, second!.exchange, works],
    },
  };
}

export default check;
