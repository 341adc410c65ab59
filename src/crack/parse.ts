/**
 * Builds CrackTargets from the strings found on the wire. Each throws a RangeError naming what is
 * wrong when the input does not have the expected shape.
 */
import type { CrackTarget, DjangoAlgorithm, JwtHmacAlg } from './targets.ts';

const utf8 = new TextEncoder();
const B64URL = /^[A-Za-z0-9_-]*$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function b64url(s: string, what: string): Uint8Array {
  if (!B64URL.test(s) || s.length % 4 === 1) throw new RangeError(`${what} is not base64url`);
  return new Uint8Array(Buffer.from(s, 'base64url'));
}

/** A compact JWS with alg HS256/HS384/HS512. */
export function jwtTarget(token: string): CrackTarget {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new RangeError('JWT: expected three dot-separated parts');
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(b64url(h, 'JWT header')));
  } catch (e) {
    throw e instanceof RangeError ? e : new RangeError('JWT: header is not JSON');
  }
  const alg = (header as { alg?: unknown } | null)?.alg;
  if (alg !== 'HS256' && alg !== 'HS384' && alg !== 'HS512') {
    throw new RangeError(`JWT: alg ${JSON.stringify(alg)} is not an HMAC algorithm`);
  }
  return {
    kind: 'jwt',
    alg: alg as JwtHmacAlg,
    signingInput: utf8.encode(`${h}.${p}`),
    signature: b64url(s, 'JWT signature'),
  };
}

/** A Flask `session` cookie value: `[.]payload.timestamp.signature`. */
export function flaskTarget(cookie: string, salt?: string): CrackTarget {
  const value = cookie.trim();
  const dot = value.lastIndexOf('.');
  const signed = value.slice(0, dot);
  if (dot <= 0 || signed.lastIndexOf('.') <= 0)
    throw new RangeError('Flask cookie: expected payload.timestamp.signature');
  return {
    kind: 'flask-session',
    signedValue: utf8.encode(signed),
    signature: b64url(value.slice(dot + 1), 'Flask cookie signature'),
    ...(salt === undefined ? {} : { salt }),
  };
}

/** An Express signed cookie: `s:value.signature` (URL-encoded or not; the `s:` prefix is optional). */
export function expressTarget(cookie: string): CrackTarget {
  let value = cookie.trim();
  if (value.includes('%')) value = decodeURIComponent(value);
  if (value.startsWith('s:')) value = value.slice(2);
  const dot = value.lastIndexOf('.');
  const sig = value.slice(dot + 1);
  if (dot < 0 || !B64.test(sig) || sig.length === 0)
    throw new RangeError('Express cookie: expected value.signature');
  return {
    kind: 'express-cookie',
    value: utf8.encode(value.slice(0, dot)),
    signature: new Uint8Array(Buffer.from(sig, 'base64')),
  };
}

/** Salts Django uses by default. */
export const DJANGO_SALTS = {
  /** `SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'`. */
  signedCookieSessions: 'django.contrib.sessions.backends.signed_cookies',
  /** `signing.dumps()` without a salt. */
  dumps: 'django.core.signing',
  /** `Signer().sign()` without a salt. */
  signer: 'django.core.signing.Signer',
  /** `TimestampSigner().sign()` without a salt. */
  timestampSigner: 'django.core.signing.TimestampSigner',
} as const;

export interface DjangoOptions {
  salt: string;
  algorithm?: DjangoAlgorithm;
  /** `django.http.cookies` for values from `set_signed_cookie` (then salt = cookie name + salt). */
  keyPrefix?: string;
}

/** A Django signed value `value[:timestamp]:signature`. */
export function djangoTarget(signed: string, options: DjangoOptions): CrackTarget {
  const value = signed.trim();
  const colon = value.lastIndexOf(':');
  if (colon < 0) throw new RangeError('Django signed value: expected value:signature');
  return {
    kind: 'django-signed',
    value: utf8.encode(value.slice(0, colon)),
    signature: b64url(value.slice(colon + 1), 'Django signature'),
    salt: options.salt,
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
  };
}

/** Options for a cookie set with Django's `response.set_signed_cookie(name, value, salt=salt)`. */
export function djangoSignedCookieOptions(
  cookieName: string,
  salt = '',
  algorithm?: DjangoAlgorithm,
): DjangoOptions {
  return { salt: cookieName + salt, keyPrefix: 'django.http.cookies', ...(algorithm ? { algorithm } : {}) };
}
