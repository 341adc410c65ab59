import { carriesData, verdict } from '../../analysis/compare.ts';
import { anchorsIn, equivalentData, privateFieldPaths } from '../../analysis/ownership.ts';
import { distinctMarkers, endpointRef, regularIdentities } from '../../authz/judge.ts';
import type { Principal } from '../../authz/principals.ts';
import { privilegeReasons } from '../../authz/privileged.ts';
import { type AuthzProbe, authzProbe, type PlainRow } from '../../authz/probe.ts';
import { activeWrites } from '../../authz/writes.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { isCatchAll } from '../shared/baseline.ts';

/**
 * Broken function level authorization: an administrative function (by path, spec tag, operation
 * name, or a listing of every user) answers a regular identity or an anonymous caller with the
 * data an admin gets, or with other users' private data. With --active: a regular identity's
 * write to another user's object takes effect (reverted afterwards).
 */
const check: Check = {
  meta: {
    id: 'bfla',
    title: 'Privileged function reachable without the privilege (BFLA)',
    category: 'bfla',
    severity: 'high',
    owasp: 'API5:2023',
    cwe: 'CWE-285',
    description:
      'An administrative or otherwise privileged function answers callers that lack the role (a regular user, or nobody at all), so authorization is not enforced per function.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/',
      'https://cwe.mitre.org/data/definitions/285.html',
    ],
    compliance: [PCI.accessByNeed, SOC2.authorization],
  },
  async run(ctx) {
    const probe = await authzProbe(ctx);
    const drafts: FindingDraft[] = [];
    for (const row of probe.plainRows) {
      const d = await judgeRow(ctx, probe, row);
      if (d) drafts.push(d);
    }
    if (ctx.settings.active) drafts.push(...(await activeWrites(ctx, probe)));
    return drafts;
  },
};

interface Reach {
  caller: Principal;
  exchange: Exchange;
  proof: string;
  strong: boolean;
}

async function judgeRow(
  ctx: CheckContext,
  probe: AuthzProbe,
  row: PlainRow,
): Promise<FindingDraft | undefined> {
  const reasons = privilegeReasons(row.endpoint);
  if (reasons.length === 0) return undefined;
  const byName = reasons.some((r) => r !== 'user-listing');
  const admins = probe.principals.filter((p) => p.privileged);
  const adminAnswer = admins.map((a) => row.fetches.get(a.name)).find((e) => carriesData(e?.response));
  const identities = probe.principals.filter((p) => !p.anonymous);
  const anon = row.fetches.get(probe.anonymous.name);
  const reached: Reach[] = [];
  const callers =
    verdict(anon?.response) === 'allowed' ? [probe.anonymous] : regularIdentities(probe.principals);
  for (const caller of callers) {
    const exchange = row.fetches.get(caller.name);
    const r = exchange?.response;
    if (!exchange || !r || !carriesData(r) || (await isCatchAll(ctx, r))) continue;
    const others = identities.filter((o) => o !== caller);
    const foreign = others.filter((o) =>
      anchorsIn(r.body, distinctMarkers(o, caller)).some((a) => a.private || a.marker !== 'username'),
    );
    const privateFields = privateFieldPaths(r.body);
    if (
      adminAnswer?.response &&
      equivalentData(adminAnswer.response.body, r.body) &&
      (byName || foreign.length > 0)
    ) {
      reached.push({
        caller,
        exchange,
        strong: true,
        proof: `the same data ${adminAnswer.identity} (admin) gets`,
      });
    } else if (
      foreign.length > 0 &&
      (byName || foreign.some((o) => anchorsIn(r.body, distinctMarkers(o, caller)).some((a) => a.private)))
    ) {
      reached.push({
        caller,
        exchange,
        strong: true,
        proof: `data of other users (${foreign.map((o) => o.name).join(', ')})`,
      });
    } else if (
      byName &&
      privateFields.length > 0 &&
      (caller.anonymous || verdict(anon?.response) === 'denied')
    ) {
      reached.push({
        caller,
        exchange,
        strong: false,
        proof: `private fields (${privateFields.slice(0, 4).join(', ')})`,
      });
    }
  }
  if (reached.length === 0) return undefined;
  const first = reached.find((r) => r.strong) ?? reached[0]!;
  const why = reasons
    .map((r) => (r === 'user-listing' ? 'lists user accounts' : `admin-like ${r}`))
    .join(', ');
  const controls = [adminAnswer, first.caller.anonymous ? undefined : anon].filter((e): e is Exchange => !!e);
  return {
    endpoint: endpointRef(row.endpoint),
    confidence: first.strong ? 'confirmed' : 'likely',
    ...(first.caller.anonymous ? { severity: 'critical' as const } : {}),
    evidence: {
      summary: `GET ${row.path} (${why}) answers ${reached.map((r) => r.caller.name).join(', ')} (${first.caller.anonymous ? 'no credentials' : `role ${first.caller.role ?? 'unspecified'}`}) with ${first.proof}.`,
      exchanges: [...controls, first.exchange],
      facts: {
        'privileged because': why,
        'reached by': reached.map((r) => r.caller.name).join(', '),
        ...(admins.length === 0 ? { note: 'no admin identity configured: judged by name and data' } : {}),
      },
    },
  };
}

export default check;
