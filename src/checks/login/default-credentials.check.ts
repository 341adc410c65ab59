import { randomBytes } from 'node:crypto';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { issuedCredentials, type LoginTemplate, loginSpec, loginTemplates, maySend } from './flow.ts';
import { inLoginLane, PRIORITY } from './lane.ts';
import { throttleSign } from './throttle.ts';

/** A short list of vendor and tutorial defaults (user, password). */
export const DEFAULT_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['admin', 'admin'],
  ['admin', 'password'],
  ['admin', 'admin123'],
  ['admin', 'changeme'],
  ['admin', '123456'],
  ['administrator', 'administrator'],
  ['root', 'root'],
  ['root', 'toor'],
  ['test', 'test'],
  ['user', 'user'],
  ['user', 'password'],
  ['demo', 'demo'],
  ['guest', 'guest'],
];

/** The user names to try: as is, and as addresses at the configured users' domain when logins are emails. Pure. */
export function candidateUsers(user: string, like: string): string[] {
  const at = like.indexOf('@');
  return at > 0 ? [`${user}@${like.slice(at + 1)}`, user] : [user];
}

/**
 * Logs in with well-known default credentials (--active only). Proof: the login hands out a
 * credential like a genuine login does, while the same user with a random password is refused.
 */
const check: Check = {
  meta: {
    id: 'default-credentials',
    title: 'Default credentials accepted',
    category: 'authentication',
    severity: 'critical',
    owasp: 'API2:2023',
    cwe: 'CWE-1392',
    description: 'An account still has a well-known default password; anyone can log in as it.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cwe.mitre.org/data/definitions/1392.html',
    ],
    compliance: [PCI.strongAuth, SOC2.credentials],
    active: true,
  },
  applies: (ctx) => loginTemplates(ctx).some((t) => t.source && maySend(ctx, t.method)),
  run: (ctx) =>
    inLoginLane(ctx, PRIORITY.defaultCredentials, async () => {
      const template = loginTemplates(ctx).find((t) => t.source && maySend(ctx, t.method));
      return template ? tryDefaults(ctx, template) : [];
    }),
};

async function tryDefaults(ctx: CheckContext, t: LoginTemplate): Promise<FindingDraft[]> {
  const configured = new Set(ctx.identities.map((i) => i.loginExchange?.request.body ?? ''));
  for (const [user, password] of DEFAULT_PAIRS) {
    for (const username of candidateUsers(user, t.username)) {
      const spec = loginSpec(t, { username, password });
      if (configured.has(spec.body ?? '')) continue;
      const attempt = await ctx.http.send(spec, {
        label: `attack: default credentials ${username} / ${password}`,
      });
      if (throttleSign(attempt)) return [];
      if (!issuedCredentials(t, attempt)) continue;
      const control = await ctx.http.send(
        loginSpec(t, { username, password: `Wrong-${randomBytes(6).toString('hex')}` }),
        {
          label: `control: ${username} with a random password`,
        },
      );
      if (issuedCredentials(t, control)) return [];
      return [
        {
          endpoint: { method: t.method, path: new URL(t.url).pathname },
          variant: username,
          evidence: {
            summary: `Logging in as "${username}" with the default password "${password}" succeeded and issued a session, while "${username}" with a random password was refused.`,
            exchanges: [control, attempt],
            facts: { user: username, password },
          },
        },
      ];
    }
  }
  return [];
}

export default check;
