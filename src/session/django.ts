/**
 * Django signed values (`django.core.signing`): `[.]payload:timestamp:signature` for `signing.dumps`
 * (used by the signed_cookies session engine), payload = base64url(JSON) zlib-compressed when shorter,
 * timestamp base62, signature = base64url(HMAC-H(H(salt + "signer" + keyPrefix + secret), value)). Pure.
 */
import { createHash, createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

export const DJANGO_SESSION_SALT = 'django.contrib.sessions.backends.signed_cookies';
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface DjangoSigned {
  data: unknown;
  compressed: boolean;
  issuedAt: number;
  algorithm: 'sha256' | 'sha1';
}

export function b62decode(s: string): number {
  let n = 0;
  for (const ch of s) {
    const d = B62.indexOf(ch);
    if (d < 0) return Number.NaN;
    n = n * 62 + d;
  }
  return n;
}

export function b62encode(n: number): string {
  let v = Math.floor(n);
  if (v === 0) return '0';
  let out = '';
  while (v > 0) {
    out = B62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

export function decodeDjangoSigned(value: string): DjangoSigned | undefined {
  const parts = value.split(':');
  if (parts.length !== 3) return undefined;
  const [payload, stamp, sig] = parts as [string, string, string];
  const sigBytes = /^[A-Za-z0-9_-]+$/.test(sig) ? Buffer.from(sig, 'base64url').length : 0;
  if (sigBytes !== 32 && sigBytes !== 20) return undefined;
  const compressed = payload.startsWith('.');
  const body = compressed ? payload.slice(1) : payload;
  if (!/^[A-Za-z0-9_-]+$/.test(body) || !/^[0-9A-Za-z]+$/.test(stamp)) return undefined;
  let raw = Buffer.from(body, 'base64url');
  if (compressed) {
    try {
      raw = inflateSync(raw);
    } catch {
      return undefined;
    }
  }
  try {
    return {
      data: JSON.parse(raw.toString('utf8')),
      compressed,
      issuedAt: b62decode(stamp),
      algorithm: sigBytes === 32 ? 'sha256' : 'sha1',
    };
  } catch {
    return undefined;
  }
}

export function djangoSignature(
  value: string,
  secret: string | Uint8Array,
  salt: string,
  algorithm: 'sha256' | 'sha1' = 'sha256',
  keyPrefix = '',
): string {
  const key = createHash(algorithm)
    .update(Buffer.concat([Buffer.from(`${salt}signer${keyPrefix}`), Buffer.from(secret)]))
    .digest();
  return createHmac(algorithm, key).update(value).digest('base64url');
}

/** JSON text as Python's json.dumps writes it by default (ensure_ascii): non-ASCII as \\u escapes. Pure. */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `signing.dumps(data, salt=salt, compress=True)` with a known secret. */
export function signDjango(
  json: string,
  secret: string | Uint8Array,
  options: { salt?: string; algorithm?: 'sha256' | 'sha1'; issuedAt?: number } = {},
): string {
  const raw = Buffer.from(asciiJson(json), 'latin1');
  const deflated = deflateSync(raw);
  const compressed = deflated.length < raw.length - 1;
  const payload = `${compressed ? '.' : ''}${(compressed ? deflated : raw).toString('base64url')}`;
  const value = `${payload}:${b62encode(options.issuedAt ?? Date.now() / 1000)}`;
  const salt = options.salt ?? DJANGO_SESSION_SALT;
  return `${value}:${djangoSignature(value, secret, salt, options.algorithm)}`;
}
