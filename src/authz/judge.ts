/**
 * Pure judgements shared by the authorization checks: does this answer carry another principal's
 * private data, is the endpoint user-specific at all, is the data public.
 */
import { carriesData, verdict } from '../analysis/compare.ts';
import { type AnchorHit, anchorsIn, equivalentData, privateFieldPaths } from '../analysis/ownership.ts';
import type { Exchange } from '../core/types.ts';
import type { Endpoint } from '../inventory/types.ts';
import { cellState } from './matrix.ts';
import type { Principal } from './principals.ts';
import type { AuthzProbe, ObjectRow } from './probe.ts';

/** Keys under which a value refers to the principal that owns the record (not the record's own id). */
const OWNER_REF_KEY =
  /(^|\.)(user_?id|userId|owner_?id|ownerId|owner|account_?id|customer_?id|author_?id|created_?by|member_?id)$/;
const PRINCIPAL_MARKER = /^(user_?id|userId|id|sub|username|name|login|uid)$/i;

export interface Ownership {
  /** The owner's markers found in the answer. */
  anchors: AnchorHit[];
  /** Personal data, credentials or secrets in the answer. */
  privateFields: string[];
  /** The answer names the caller instead (the server ignored the id and served the caller's own object). */
  callerInstead: boolean;
}

/** Markers of `p` whose values differ from every marker of `other` (shared values prove nothing). */
export function distinctMarkers(p: Principal, other?: Principal): Map<string, string> {
  const theirs = new Set(other ? [...other.markers.values()] : []);
  return new Map([...p.markers].filter(([, v]) => !theirs.has(v)));
}

export function ownershipOf(answer: Exchange, owner: Principal, caller?: Principal): Ownership {
  const body = answer.response?.body ?? '';
  const anchors = anchorsIn(body, distinctMarkers(owner, caller));
  const callerAnchors = caller && !caller.anonymous ? anchorsIn(body, distinctMarkers(caller, owner)) : [];
  return {
    anchors,
    privateFields: privateFieldPaths(body),
    callerInstead: anchors.length === 0 && callerAnchors.length > 0,
  };
}

/**
 * Anchors that prove another principal's object sits in a listing: personal values (email), ids
 * under owner-reference keys (`user_id: 7`), or ids of objects learned to be theirs (order_id).
 * A bare `{id, username}` entry is a directory, which may be public. Pure.
 */
export function foreignRecordAnchors(body: string, owner: Principal, caller: Principal): AnchorHit[] {
  return anchorsIn(body, distinctMarkers(owner, caller)).filter(
    (h) => h.private || !PRINCIPAL_MARKER.test(h.marker) || h.paths.some((p) => OWNER_REF_KEY.test(p)),
  );
}

/**
 * The endpoint serves the same data whichever id is asked for (the id is ignored): then another
 * identity's answer equal to the owner's proves nothing. Needs a second owner's row.
 */
export function ignoresTheId(row: ObjectRow, rows: readonly ObjectRow[]): boolean {
  const owner = row.ownerFetch.response;
  if (!owner) return false;
  return rows.some(
    (r) =>
      r !== row &&
      r.endpoint === row.endpoint &&
      r.filled.path !== row.filled.path &&
      carriesData(r.ownerFetch.response) &&
      equivalentData(owner.body, r.ownerFetch.response!.body),
  );
}

/** The anonymous control got the owner's data too: public data or missing authentication, not BOLA. */
export function anonymousGetsIt(row: ObjectRow, anonymous: Principal): boolean {
  const anon = row.replays.get(anonymous.name);
  return !!anon && cellState(anon, row.ownerFetch) === 'same-data';
}

/** Credential values two identities share: the API cannot tell them apart. */
export function sharesCredential(a: Principal, b: Principal): boolean {
  const mine = new Set(a.view.credentials().map((c) => c.value));
  return b.view.credentials().some((c) => mine.has(c.value));
}

export function endpointRef(endpoint: Endpoint): { method: Endpoint['method']; path: string } {
  return { method: endpoint.method, path: endpoint.path };
}

/** Non-admin identities: the callers whose reach is judged. */
export function regularIdentities(principals: readonly Principal[]): Principal[] {
  return principals.filter((p) => !p.anonymous && !p.privileged);
}

export interface ReplayHit {
  caller: Principal;
  exchange: Exchange;
  /** The owner's markers and private data are in the answer. */
  confirmed: boolean;
  /** The answer carries credentials or secrets. */
  critical: boolean;
  /** Personal data of the owner, or private fields, are in the answer. */
  privateData: boolean;
  anchors: string[];
}

/** Does the caller's answer carry the owner's private data (confirmed) or the owner's data without private fields (likely)? Pure. */
export function replayHit(exchange: Exchange, owner: Principal, caller: Principal): ReplayHit | undefined {
  const o = ownershipOf(exchange, owner, caller);
  if (o.callerInstead) return undefined;
  if (o.anchors.length === 0 && o.privateFields.length === 0) return undefined;
  const privateData = o.anchors.some((a) => a.private) || o.privateFields.length > 0;
  return {
    caller,
    exchange,
    confirmed: o.anchors.length > 0 && privateData,
    critical: /pass|secret|token|key|hash/i.test(o.privateFields.join(' ')),
    privateData,
    anchors: o.anchors.map((a) => a.marker),
  };
}

/** Some endpoint serves an identity and refuses anonymous callers: the API has authentication. Pure. */
export function apiHasAuth(probe: AuthzView): boolean {
  const anon = probe.anonymous.name;
  const refusesAnon = (fetches: ReadonlyMap<string, Exchange>) =>
    verdict(fetches.get(anon)?.response) === 'denied' &&
    [...fetches].some(([name, ex]) => name !== anon && verdict(ex.response) === 'allowed');
  return (
    probe.plainRows.some((r) => refusesAnon(r.fetches)) ||
    probe.objectRows.some(
      (r) =>
        verdict(r.ownerFetch.response) === 'allowed' && verdict(r.replays.get(anon)?.response) === 'denied',
    )
  );
}

export type AuthzView = Pick<AuthzProbe, 'principals' | 'anonymous' | 'objectRows' | 'plainRows'>;

/**
 * Who read the owner's object by replaying the owner's request, after the controls: the owner got
 * data, the endpoint does not serve the same data whatever id is asked for, and the anonymous
 * control did not get it — unless what anonymous gets is private on an API that otherwise requires
 * authentication (then anonymous is a reader too). Confirmed needs the owner's markers plus private
 * data, or a caller whose own object differs (the data is per user). The catch-all control is the
 * caller's (async). Pure.
 */
export function leakingReplays(probe: AuthzView, row: ObjectRow): ReplayHit[] {
  if (!carriesData(row.ownerFetch.response) || ignoresTheId(row, probe.objectRows)) return [];
  const hits: ReplayHit[] = [];
  if (anonymousGetsIt(row, probe.anonymous)) {
    const hit = replayHit(row.replays.get(probe.anonymous.name)!, row.owner, probe.anonymous);
    if (!hit?.privateData || hit.anchors.length === 0 || !apiHasAuth(probe)) return [];
    hits.push({ ...hit, confirmed: true });
  }
  for (const caller of regularIdentities(probe.principals)) {
    if (caller === row.owner) continue;
    const exchange = row.replays.get(caller.name);
    if (!exchange || cellState(exchange, row.ownerFetch) !== 'same-data') continue;
    const hit = replayHit(exchange, row.owner, caller);
    if (!hit) continue;
    const own = probe.objectRows.find((r) => r.endpoint === row.endpoint && r.owner === caller);
    const perUser =
      !!own?.ownerFetch.response &&
      carriesData(own.ownerFetch.response) &&
      !equivalentData(row.ownerFetch.response!.body, own.ownerFetch.response.body);
    hits.push({ ...hit, confirmed: hit.anchors.length > 0 && (hit.privateData || perUser) });
  }
  return hits;
}
