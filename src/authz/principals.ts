import { parseJson } from '../analysis/json-path.ts';
import type { IdentityView } from '../engine/context.ts';

/** A caller of the authorization matrix: a configured identity or the anonymous one. */
export interface Principal {
  name: string;
  role?: string;
  anonymous: boolean;
  /** Admins (and similar roles) see everything by design; their access is never a finding. */
  privileged: boolean;
  view: IdentityView;
  /** The identity's markers plus what the scan learned (own id from /me, ids of owned objects). */
  markers: Map<string, string>;
}

const PRIVILEGED_ROLE = /admin|superuser|root|staff|super[-_ ]?user|operator|support/i;

export function isPrivilegedRole(role: string | undefined): boolean {
  return role !== undefined && PRIVILEGED_ROLE.test(role);
}

export function principalOf(view: IdentityView): Principal {
  const p: Principal = {
    name: view.name,
    anonymous: view.anonymous,
    privileged: isPrivilegedRole(view.role),
    view,
    markers: new Map(view.markers),
  };
  if (view.role !== undefined) p.role = view.role;
  return p;
}

/** Keys of a "who am I" answer that identify the caller. */
const SELF_KEYS = ['user_id', 'userId', 'id', 'uuid', 'username', 'email', 'sub', 'account_id', 'tenant_id'];
export const SELF_PATH =
  /(^|\/)(me|self|whoami|current[-_]?user|profile|my[-_]?account|account|userinfo)\/?$/i;

/** Identifying values in a "who am I" response body (top level, or under user/data/profile). Pure. */
export function selfMarkers(body: string): Map<string, string> {
  const json = parseJson(body);
  const out = new Map<string, string>();
  if (!json || typeof json !== 'object' || Array.isArray(json)) return out;
  const record = json as Record<string, unknown>;
  const sources = [record, record.user, record.data, record.profile, record.account].filter(
    (v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v),
  );
  for (const source of sources) {
    for (const key of SELF_KEYS) {
      const v = source[key];
      if ((typeof v === 'string' || typeof v === 'number') && String(v).length > 0 && !out.has(key)) {
        out.set(key === 'id' || key === 'uuid' || key === 'userId' ? 'user_id' : key, String(v));
      }
    }
  }
  return out;
}

/** Keys that name a principal in a record; records carrying the caller's value here are the caller's. */
const OWNER_REF =
  /^(user_?id|owner_?id|userId|ownerId|owner|account_?id|customer_?id|author_?id|created_?by|email)$/;

/**
 * Ids of objects the principal owns, learned from a listing it received: every record (object in
 * the body) that names the principal under an owner key contributes its `<x>_id` fields, and its
 * bare `id` as `<singular of the list key>_id`. Pure.
 */
export function ownedObjectIds(body: string, markers: ReadonlyMap<string, string>): Map<string, string> {
  const json = parseJson(body);
  const mine = new Set([...markers.values()].filter((v) => v.length > 0));
  const out = new Map<string, string>();
  const visit = (value: unknown, listKey: string | undefined, depth: number) => {
    if (depth > 6 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 50)) visit(v, listKey, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const owned = Object.entries(record).some(
      ([k, v]) =>
        OWNER_REF.test(k) && (typeof v === 'string' || typeof v === 'number') && mine.has(String(v)),
    );
    if (owned) {
      for (const [k, v] of Object.entries(record)) {
        if (typeof v !== 'string' && typeof v !== 'number') continue;
        if (OWNER_REF.test(k)) continue;
        if (/(_id|Id)$/.test(k) && !out.has(k)) out.set(k, String(v));
        if (k === 'id' && listKey) {
          const name = `${listKey.replace(/ies$/, 'y').replace(/s$/, '')}_id`;
          if (!out.has(name)) out.set(name, String(v));
        }
      }
    }
    for (const [k, v] of Object.entries(record)) visit(v, Array.isArray(v) ? k : listKey, depth + 1);
  };
  visit(json, undefined, 0);
  return out;
}
