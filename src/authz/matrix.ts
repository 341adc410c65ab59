import { verdict } from '../analysis/compare.ts';
import { equivalentData } from '../analysis/ownership.ts';
import type { Exchange } from '../core/types.ts';
import type { Principal } from './principals.ts';
import { type AuthzMatrix, type CellState, LEGEND, type MatrixCell, type MatrixRow } from './types.ts';

/** How a principal's answer relates to the owner's (or stands alone when there is no owner). Pure. */
export function cellState(exchange: Exchange, ownerExchange?: Exchange): CellState {
  const r = exchange.response;
  if (!r) return 'error';
  if (r.status === 404) return 'not-found';
  const v = verdict(r);
  if (v === 'denied') return 'denied';
  if (v === 'error') return 'error';
  if (v === 'other') return 'other';
  const owner = ownerExchange?.response;
  if (owner && verdict(owner) === 'allowed' && equivalentData(owner.body, r.body)) return 'same-data';
  return 'allowed';
}

export interface RowInput {
  method: string;
  path: string;
  url: string;
  owner?: Principal;
  ownerFetch?: Exchange;
  /** Principal name → the exchange it got. */
  fetches: ReadonlyMap<string, Exchange>;
}

export function matrixRow(input: RowInput, principals: readonly Principal[]): MatrixRow {
  const cells: Record<string, MatrixCell> = {};
  for (const p of principals) {
    if (input.owner && p.name === input.owner.name && input.ownerFetch) {
      const status = input.ownerFetch.response?.status;
      cells[p.name] = status === undefined ? { state: 'owner' } : { state: 'owner', status };
      continue;
    }
    const ex = input.fetches.get(p.name);
    if (!ex) continue;
    const state = cellState(ex, input.ownerFetch);
    const cell: MatrixCell = { state };
    if (ex.response) cell.status = ex.response.status;
    if (input.owner && p.privileged && state === 'same-data') cell.byDesign = true;
    cells[p.name] = cell;
  }
  const row: MatrixRow = { method: input.method, path: input.path, url: input.url, cells };
  if (input.owner) row.owner = input.owner.name;
  return row;
}

export function buildMatrix(rows: readonly RowInput[], principals: readonly Principal[]): AuthzMatrix {
  return {
    identities: principals.map((p) => ({
      name: p.name,
      ...(p.role !== undefined ? { role: p.role } : {}),
      privileged: p.privileged,
    })),
    rows: rows.map((r) => matrixRow(r, principals)),
    legend: LEGEND,
  };
}
