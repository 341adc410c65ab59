/**
 * What can be cracked, and the node:crypto reference check that every hit goes through.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type JwtHmacAlg = 'HS256' | 'HS384' | 'HS512';
export type DjangoAlgorithm = 'sha256' | 'sha1';

export type CrackTarget =
  /** A JWS: signature = HMAC-SHA-x(secret, `b64url(header).b64url(payload)`). */
  | { kind: 'jwt'; alg: JwtHmacAlg; signingInput: Uint8Array; signature: Uint8Array }
  /**
   * Flask/itsdangerous session cookie: derived = HMAC-SHA1(secret, salt),
   * signature = HMAC-SHA1(derived, signedValue). signedValue = `payload.timestamp` (with the leading
   * `.` of a compressed payload). salt defaults to `cookie-session`.
   */
  | { kind: 'flask-session'; signedValue: Uint8Array; signature: Uint8Array; salt?: string }
  /** Express `cookie-signature`: signature = HMAC-SHA256(secret, value). */
  | { kind: 'express-cookie'; value: Uint8Array; signature: Uint8Array }
  /**
   * Django `signing`: key = H(salt + "signer" + keyPrefix + secret), signature = HMAC-H(key, value).
   * value = `payload:timestamp` for TimestampSigner. keyPrefix is `django.http.cookies` for
   * `get_signed_cookie`, empty otherwise. algorithm defaults to sha256 (Django ≥ 3.1; sha1 before).
   */
  | {
      kind: 'django-signed';
      value: Uint8Array;
      signature: Uint8Array;
      salt: string;
      algorithm?: DjangoAlgorithm;
      keyPrefix?: string;
    };

const JWT_HASH: Record<JwtHmacAlg, 'sha256' | 'sha384' | 'sha512'> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};

const DIGEST_BYTES: Record<string, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export const FLASK_DEFAULT_SALT = 'cookie-session';

/** The hash behind a target's outermost HMAC. */
export function targetHash(target: CrackTarget): 'sha1' | 'sha256' | 'sha384' | 'sha512' {
  switch (target.kind) {
    case 'jwt':
      return JWT_HASH[target.alg];
    case 'flask-session':
      return 'sha1';
    case 'express-cookie':
      return 'sha256';
    case 'django-signed':
      return target.algorithm ?? 'sha256';
  }
}

/** Throws a RangeError when the target cannot be right (e.g. a signature of the wrong length). */
export function assertValidTarget(target: CrackTarget): void {
  const hash = targetHash(target);
  const want = DIGEST_BYTES[hash]!;
  if (target.signature.length !== want) {
    throw new RangeError(
      `${target.kind}: signature is ${target.signature.length} bytes, ${hash} gives ${want}`,
    );
  }
}

const utf8 = new TextEncoder();
const bytesOf = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? utf8.encode(s) : s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The MAC a target would carry if signed with `secret` (node:crypto, the reference implementation). */
export function expectedSignature(target: CrackTarget, secret: string | Uint8Array): Uint8Array {
  const key = bytesOf(secret);
  switch (target.kind) {
    case 'jwt':
      return createHmac(JWT_HASH[target.alg], key).update(target.signingInput).digest();
    case 'flask-session': {
      const derived = createHmac('sha1', key)
        .update(target.salt ?? FLASK_DEFAULT_SALT)
        .digest();
      return createHmac('sha1', derived).update(target.signedValue).digest();
    }
    case 'express-cookie':
      return createHmac('sha256', key).update(target.value).digest();
    case 'django-signed': {
      const alg = target.algorithm ?? 'sha256';
      const salted = concat(utf8.encode(`${target.salt}signer${target.keyPrefix ?? ''}`), key);
      const derived = createHash(alg).update(salted).digest();
      return createHmac(alg, derived).update(target.value).digest();
    }
  }
}

/** True when `secret` produces the target's signature. Used to re-check every hit. */
export function verifySecret(target: CrackTarget, secret: string | Uint8Array): boolean {
  const got = expectedSignature(target, secret);
  return got.length === target.signature.length && timingSafeEqual(got, target.signature);
}
