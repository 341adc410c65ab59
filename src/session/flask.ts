/**
 * Flask client-side sessions (itsdangerous URLSafeTimedSerializer, salt "cookie-session", HMAC-SHA1 on
 * a key derived from SECRET_KEY): `[.]payload.timestamp.signature`, payload = base64url(JSON), zlib
 * compressed when that is shorter (then the cookie starts with '.'). Pure.
 */
import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { asciiJson } from './django.ts';

export const FLASK_SALT = 'cookie-session';

export interface FlaskCookie {
  /** The session as the server stores it, with Flask's JSON tags (" t", " b"…) decoded. */
  data: unknown;
  /** The JSON text exactly as signed (tags kept). */
  json: string;
  compressed: boolean;
  /** Unix seconds when the cookie was signed. */
  issuedAt: number;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Decodes a Flask session cookie without verifying it; undefined when the value has another shape. */
export function decodeFlaskCookie(value: string): FlaskCookie | undefined {
  const compressed = value.startsWith('.');
  const parts = (compressed ? value.slice(1) : value).split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return undefined;
  const [payload, stamp, signature] = parts as [string, string, string];
  if (Buffer.from(signature, 'base64url').length !== 20) return undefined;
  let raw = Buffer.from(payload, 'base64url');
  if (compressed) {
    try {
      raw = inflateSync(raw);
    } catch {
      return undefined;
    }
  }
  const json = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const stampBytes = Buffer.from(stamp, 'base64url');
  if (stampBytes.length === 0 || stampBytes.length > 8) return undefined;
  let issuedAt = 0;
  for (const byte of stampBytes) issuedAt = issuedAt * 256 + byte;
  return { data: untag(parsed), json, compressed, issuedAt };
}

/** Flask's TaggedJSONSerializer: single-key objects whose key is a tag (" t" tuple, " b" bytes…). */
export function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, inner] = entries[0]!;
    switch (key) {
      case ' t':
        return Array.isArray(inner) ? inner.map(untag) : inner;
      case ' b':
        return typeof inner === 'string' ? Buffer.from(inner, 'base64').toString('latin1') : inner;
      case ' u':
      case ' m':
      case ' d':
        return inner;
      case ' di':
        return untag(inner);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, untag(v)]));
}

function intBytes(n: number): Buffer {
  const out: number[] = [];
  let v = Math.max(0, Math.floor(n));
  while (v > 0) {
    out.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  return Buffer.from(out.length ? out : [0]);
}

export interface FlaskSignOptions {
  salt?: string;
  /** Unix seconds; default now. */
  issuedAt?: number;
}

/** Signs `json` (the session's tagged JSON text) the way Flask does. */
export function signFlaskCookie(
  json: string,
  secret: string | Uint8Array,
  options: FlaskSignOptions = {},
): string {
  const raw = Buffer.from(asciiJson(json), 'utf8');
  const deflated = deflateSync(raw);
  const compressed = deflated.length < raw.length - 1;
  const payload = `${compressed ? '.' : ''}${(compressed ? deflated : raw).toString('base64url')}`;
  const stamp = intBytes(options.issuedAt ?? Date.now() / 1000).toString('base64url');
  const signed = `${payload}.${stamp}`;
  return `${signed}.${flaskSignature(signed, secret, options.salt)}`;
}

export function flaskSignature(signed: string, secret: string | Uint8Array, salt = FLASK_SALT): string {
  const derived = createHmac('sha1', secret).update(salt).digest();
  return createHmac('sha1', derived).update(signed).digest('base64url');
}
