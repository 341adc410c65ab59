/**
 * Signed client-side session cookies: recognise the format, show what the server keeps on the
 * client, build the cracking target, and forge a new value once the secret is known. Pure.
 */
import { type CrackTarget, djangoTarget, expressTarget, flaskTarget } from '../crack/index.ts';
import { DJANGO_SESSION_SALT, decodeDjangoSigned, signDjango } from './django.ts';
import { decodeExpressCookie, signExpressCookie } from './express.ts';
import { decodeFlaskCookie, signFlaskCookie } from './flask.ts';

export { decodeDjangoSigned, signDjango } from './django.ts';
export { decodeExpressCookie, signExpressCookie } from './express.ts';
export { decodeFlaskCookie, signFlaskCookie } from './flask.ts';

export type SignedCookieKind = 'flask' | 'express' | 'django';

export interface SignedCookie {
  kind: SignedCookieKind;
  name: string;
  /** The value as sent on the wire. */
  value: string;
  /** What the server keeps on the client (decoded, tags removed); undefined for opaque values (session ids). */
  data?: unknown;
  /** The signed JSON structure as the format stores it (Flask tags kept), for re-signing. */
  raw?: unknown;
  issuedAt?: number;
  algorithm?: 'sha256' | 'sha1';
}

export const FORMAT_NAMES: Record<SignedCookieKind, string> = {
  flask: 'Flask/itsdangerous session cookie',
  express: 'Express cookie-signature signed cookie',
  django: 'Django signed-cookie session',
};

export function recogniseSignedCookie(name: string, value: string): SignedCookie | undefined {
  const flask = decodeFlaskCookie(value);
  if (flask) {
    return {
      kind: 'flask',
      name,
      value,
      data: flask.data,
      raw: JSON.parse(flask.json),
      issuedAt: flask.issuedAt,
    };
  }
  const express = decodeExpressCookie(value);
  if (express) {
    const out: SignedCookie = { kind: 'express', name, value };
    if (express.data !== undefined) {
      out.data = express.data;
      out.raw = express.data;
    }
    return out;
  }
  const django = decodeDjangoSigned(value);
  if (django) {
    return {
      kind: 'django',
      name,
      value,
      data: django.data,
      raw: django.data,
      issuedAt: django.issuedAt,
      algorithm: django.algorithm,
    };
  }
  return undefined;
}

export function crackTargetFor(cookie: SignedCookie): CrackTarget {
  switch (cookie.kind) {
    case 'flask':
      return flaskTarget(cookie.value);
    case 'express':
      return expressTarget(cookie.value);
    case 'django':
      return djangoTarget(cookie.value, {
        salt: DJANGO_SESSION_SALT,
        ...(cookie.algorithm ? { algorithm: cookie.algorithm } : {}),
      });
  }
}

/** A new wire value carrying `raw` (same format as `cookie`), signed with `secret`. */
export function forgeSignedCookie(cookie: SignedCookie, raw: unknown, secret: string | Uint8Array): string {
  switch (cookie.kind) {
    case 'flask':
      return signFlaskCookie(JSON.stringify(raw), secret);
    case 'express': {
      const value = raw === undefined ? decodeExpressCookie(cookie.value)!.value : `j:${JSON.stringify(raw)}`;
      return signExpressCookie(value, secret, cookie.value.includes('%'));
    }
    case 'django':
      return signDjango(JSON.stringify(raw), secret, cookie.algorithm ? { algorithm: cookie.algorithm } : {});
  }
}

/**
 * Replaces every scalar in `value` equal to a key of `swap` with the mapped value (numbers stay
 * numbers when the replacement is numeric). Returns the new value and the JSON paths changed. Pure.
 */
export function swapValues(
  value: unknown,
  swap: ReadonlyMap<string, string>,
  path = '',
): { value: unknown; changed: string[] } {
  if (typeof value === 'string' || typeof value === 'number') {
    const to = swap.get(String(value));
    if (to === undefined) return { value, changed: [] };
    const next = typeof value === 'number' && /^-?\d+(\.\d+)?$/.test(to) ? Number(to) : to;
    return { value: next, changed: [path || '$'] };
  }
  if (Array.isArray(value)) {
    const changed: string[] = [];
    const out = value.map((v, i) => {
      const r = swapValues(v, swap, `${path}[${i}]`);
      changed.push(...r.changed);
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === 'object') {
    const changed: string[] = [];
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = swapValues(v, swap, path ? `${path}.${k}` : k);
      changed.push(...r.changed);
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: [] };
}
