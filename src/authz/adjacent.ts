/**
 * Read-only neighbour probing: the owner asks for the ids next to its own (n-1, n+1, …) on
 * endpoints keyed by a predictable id. Memoised; the `idor-adjacent-id` and `predictable-ids`
 * checks share it.
 */
import { carriesData, verdict } from '../analysis/compare.ts';
import { adjacentIds, classifyId, type IdClass } from '../analysis/ids.ts';
import { anchorsIn, equivalentData, privateFieldPaths } from '../analysis/ownership.ts';
import { isCatchAll } from '../checks/shared/baseline.ts';
import type { Exchange } from '../core/types.ts';
import type { CheckContext } from '../engine/context.ts';
import { buildPath } from './fill.ts';
import { distinctMarkers, ownershipOf } from './judge.ts';
import { type AuthzProbe, authzProbe, type ObjectRow } from './probe.ts';

export interface AdjacentHit {
  row: ObjectRow;
  idClass: IdClass;
  neighbour: string;
  path: string;
  exchange: Exchange;
  control: Exchange;
  confirmed: boolean;
  reason: string;
}

export interface AdjacentResult {
  /** Rows whose owned id is predictable (probed or not). */
  predictable: Array<{ row: ObjectRow; idClass: IdClass }>;
  hits: AdjacentHit[];
}

export function adjacentProbe(ctx: CheckContext): Promise<AdjacentResult> {
  return ctx.memo('authz-adjacent', async () => {
    const probe = await authzProbe(ctx);
    const predictable: AdjacentResult['predictable'] = [];
    const hits: AdjacentHit[] = [];
    const probed = new Set<string>();
    for (const row of probe.objectRows) {
      const target = row.filled.owned[0];
      if (!target) continue;
      const idClass = classifyId(target.value);
      if (!idClass.predictable) continue;
      predictable.push({ row, idClass });
      const key = `${row.endpoint.method} ${row.endpoint.path}`;
      if (row.owner.privileged || probed.has(key) || !carriesData(row.ownerFetch.response)) continue;
      if (adjacentIds(target.value).length === 0) continue;
      probed.add(key);
      const hit = await probeRow(ctx, probe, row, idClass);
      if (hit) hits.push(hit);
    }
    return { predictable, hits };
  });
}

function sameKeys(a: string, b: string): boolean {
  const keys = (s: string) => {
    try {
      const v: unknown = JSON.parse(s);
      return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).sort().join(',') : '';
    } catch {
      return '';
    }
  };
  const ka = keys(a);
  return ka !== '' && ka === keys(b);
}

async function probeRow(ctx: CheckContext, probe: AuthzProbe, row: ObjectRow, idClass: IdClass) {
  const target = row.filled.owned[0]!;
  const key = `${target.in}:${target.param}`;
  const ownerBody = row.ownerFetch.response!.body;
  for (const neighbour of adjacentIds(target.value)) {
    const path = buildPath(row.endpoint, { ...row.filled.values, [key]: neighbour });
    const exchange = await ctx.http.send(
      { method: 'GET', url: path },
      { identity: row.owner.view, label: `${row.owner.name} asks for the adjacent id ${neighbour}` },
    );
    const r = exchange.response;
    if (!carriesData(r) || (await isCatchAll(ctx, r)) || equivalentData(ownerBody, r!.body)) continue;
    if (ownershipOf(exchange, row.owner).anchors.length > 0) continue;
    const control = await ctx.http.send(
      { method: 'GET', url: path },
      { label: `control: anonymous asks for ${neighbour}` },
    );
    if (verdict(control.response) === 'allowed' && carriesData(control.response)) continue;
    const others = probe.principals
      .filter((p) => !p.anonymous && p !== row.owner)
      .filter((p) => anchorsIn(r!.body, distinctMarkers(p, row.owner)).length > 0);
    const privateFields = privateFieldPaths(r!.body);
    let reason: string | undefined;
    let confirmed = true;
    if (others.length > 0) reason = `it is ${others.map((o) => o.name).join(', ')}'s object`;
    else if (privateFields.length > 0)
      reason = `it carries someone else's private fields (${privateFields.slice(0, 4).join(', ')})`;
    else if (sameKeys(ownerBody, r!.body)) {
      reason = `it is another object of the same shape`;
      confirmed = false;
    }
    if (!reason) continue;
    return { row, idClass, neighbour, path, exchange, control, confirmed, reason };
  }
  return undefined;
}
