/**
 * Active (--active) write probes on objects found by the read probe. Every change is reversible:
 * one harmless string field is tagged, the effect is read back as the owner, and the original
 * value is written back by the owner.
 */
import { carriesData, verdict } from '../analysis/compare.ts';
import { parseJson } from '../analysis/json-path.ts';
import type { Exchange, FindingDraft, HttpMethod } from '../core/types.ts';
import type { CheckContext } from '../engine/context.ts';
import type { Endpoint } from '../inventory/types.ts';
import { endpointRef, regularIdentities } from './judge.ts';
import type { Principal } from './principals.ts';
import type { AuthzProbe, ObjectRow } from './probe.ts';

const WRITE_METHODS: ReadonlySet<HttpMethod> = new Set(['PUT', 'PATCH']);
const UNTOUCHABLE =
  /id$|Id$|email|mail|pass|role|admin|token|secret|key|created|updated|owner|tenant|status|date|time|user_?name|login|handle|phone|address/i;
const PREFERRED = /bio|description|note|nickname|display|title|about|comment|name/i;

export type JsonObject = Record<string, unknown>;

/** The field a probe may tag: a short, non-identifying, non-sensitive string. Pure. */
export function harmlessField(record: JsonObject): string | undefined {
  const candidates = Object.keys(record).filter((k) => {
    const v = record[k];
    return typeof v === 'string' && v.length <= 200 && !UNTOUCHABLE.test(k);
  });
  return candidates.find((k) => PREFERRED.test(k)) ?? candidates[0];
}

export function jsonObject(body: string | undefined): JsonObject | undefined {
  const json = parseJson(body ?? '');
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as JsonObject) : undefined;
}

export interface WriteTarget {
  write: Endpoint;
  row: ObjectRow;
  record: JsonObject;
}

/** PUT/PATCH endpoints whose path template has a GET row with the owner's object. */
export function writeTargets(
  ctx: CheckContext,
  probe: AuthzProbe,
  owners: (p: Principal) => boolean,
): WriteTarget[] {
  const out: WriteTarget[] = [];
  for (const write of ctx.inventory.endpoints.filter((e) => WRITE_METHODS.has(e.method))) {
    const row = probe.objectRows.find(
      (r) => r.endpoint.path === write.path && owners(r.owner) && carriesData(r.ownerFetch.response),
    );
    const record = jsonObject(row?.ownerFetch.response?.body);
    if (row && record) out.push({ write, row, record });
  }
  return out;
}

export function writeBody(method: HttpMethod, record: JsonObject, changes: JsonObject): string {
  return JSON.stringify(method === 'PUT' ? { ...record, ...changes } : changes);
}

export function sendJson(
  ctx: CheckContext,
  method: HttpMethod,
  path: string,
  body: string,
  who: Principal,
  label: string,
): Promise<Exchange> {
  return ctx.http.send(
    { method, url: path, headers: { 'content-type': 'application/json' }, body },
    { identity: who.view, label },
  );
}

/** A regular identity changes another identity's object; proven by the owner reading the change back. */
export async function activeWrites(ctx: CheckContext, probe: AuthzProbe): Promise<FindingDraft[]> {
  const drafts: FindingDraft[] = [];
  for (const { write, row, record } of writeTargets(ctx, probe, (p) => !p.anonymous)) {
    const caller = regularIdentities(probe.principals).find((p) => p !== row.owner);
    const field = harmlessField(record);
    if (!caller || !field) continue;
    const path = row.filled.path;
    const original = record[field] as string;
    const tagged = `${original} apiward-${Date.now().toString(36)}`;
    const attempt = await sendJson(
      ctx,
      write.method,
      path,
      writeBody(write.method, record, { [field]: tagged }),
      caller,
      `${caller.name} ${write.method}s ${row.owner.name}'s object (${field} tagged)`,
    );
    if (verdict(attempt.response) !== 'allowed') continue;
    const readBack = await ctx.http.send(
      { method: 'GET', url: path },
      { identity: row.owner.view, label: `${row.owner.name} reads its object back` },
    );
    const changed = jsonObject(readBack.response?.body)?.[field] === tagged;
    let restored = 'not needed';
    if (changed) {
      const undo = await sendJson(
        ctx,
        write.method,
        path,
        writeBody(write.method, record, { [field]: original }),
        row.owner,
        `cleanup: ${row.owner.name} restores ${field}`,
      );
      restored =
        verdict(undo.response) === 'allowed' ? 'yes' : `no (${undo.response?.status ?? 'no answer'})`;
    }
    if (!changed) continue;
    drafts.push({
      endpoint: endpointRef(write),
      variant: 'write',
      severity: 'critical',
      title: "Another user's object can be modified",
      evidence: {
        summary: `${caller.name} sent ${write.method} ${path} (${row.owner.name}'s object) and the change took effect: ${row.owner.name} then read ${field} = "${tagged}".`,
        exchanges: [row.ownerFetch, attempt, readBack],
        facts: { 'original value restored': restored },
      },
    });
  }
  return drafts;
}
