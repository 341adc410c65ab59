import { verdict } from '../../analysis/compare.ts';
import { endpointRef, regularIdentities } from '../../authz/judge.ts';
import type { Principal } from '../../authz/principals.ts';
import { authzProbe } from '../../authz/probe.ts';
import { jsonObject, sendJson, writeBody, writeTargets } from '../../authz/writes.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft, HttpMethod } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';

/** Properties that grant privilege when a client may set them. */
const ESCALATIONS: Record<string, unknown> = { role: 'admin', is_admin: true, isAdmin: true };

function escalated(record: Record<string, unknown> | undefined): string[] {
  if (!record) return [];
  return Object.entries(ESCALATIONS)
    .filter(([k, v]) => record[k] === v)
    .map(([k]) => k);
}

/**
 * Mass assignment (--active): a regular identity updates its own object with `role: admin` /
 * `is_admin: true` and the server stores it — read back by the same identity — after which the
 * original values are written back.
 */
const check: Check = {
  meta: {
    id: 'mass-assignment',
    title: 'Privilege fields accepted from the client (mass assignment)',
    category: 'property-authorization',
    severity: 'high',
    owasp: 'API3:2023',
    cwe: 'CWE-915',
    description:
      'The API binds client-supplied JSON properties such as role or is_admin straight onto the stored object, so a user can grant themselves privileges.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
      'https://cwe.mitre.org/data/definitions/915.html',
    ],
    compliance: [PCI.accessByNeed, SOC2.authorization],
    active: true,
  },
  async run(ctx) {
    const probe = await authzProbe(ctx);
    const regular = new Set(regularIdentities(probe.principals));
    const drafts: FindingDraft[] = [];
    for (const { write, row, record } of writeTargets(ctx, probe, (p) => regular.has(p))) {
      const d = await tryEscalation(ctx, write.method, row.filled.path, record, row.owner);
      if (d) drafts.push({ ...d, endpoint: endpointRef(write) });
    }
    return drafts;
  },
};

async function tryEscalation(
  ctx: CheckContext,
  method: HttpMethod,
  path: string,
  record: Record<string, unknown>,
  owner: Principal,
): Promise<Omit<FindingDraft, 'endpoint'> | undefined> {
  const before = escalated(record);
  const attempt = await sendJson(
    ctx,
    method,
    path,
    writeBody(method, record, ESCALATIONS),
    owner,
    `${owner.name} ${method}s its own object with role=admin, is_admin=true`,
  );
  if (verdict(attempt.response) !== 'allowed') return undefined;
  const readBack = await ctx.http.send(
    { method: 'GET', url: path },
    { identity: owner.view, label: `${owner.name} reads its object back` },
  );
  const now = escalated(jsonObject(readBack.response?.body)).filter((k) => !before.includes(k));
  if (now.length === 0) return undefined;
  const restore: Record<string, unknown> = {};
  for (const k of now) restore[k] = k in record ? record[k] : k === 'role' ? (owner.role ?? 'user') : false;
  const undo = await sendJson(
    ctx,
    method,
    path,
    writeBody(method, record, restore),
    owner,
    'cleanup: restore the original privilege fields',
  );
  return {
    evidence: {
      summary: `${owner.name} (role ${owner.role ?? 'unspecified'}) sent ${now.map((k) => `${k}=${JSON.stringify(ESCALATIONS[k])}`).join(', ')} in ${method} ${path} and reading the object back shows the change stored.`,
      exchanges: [attempt, readBack],
      facts: {
        'fields that took effect': now.join(', '),
        'original values restored':
          verdict(undo.response) === 'allowed' ? 'yes' : `no (${undo.response?.status ?? 'no answer'})`,
      },
    },
  };
}

export default check;
