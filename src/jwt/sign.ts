import { createHmac, createPrivateKey, type KeyObject } from 'node:crypto';
import { CompactSign, type CryptoKey } from 'jose';
import { base64urlEncode, encodeJsonSegment, utf8Encode } from './base64url.ts';
import { type Patch, patchObject } from './objects.ts';
import type { JsonValue, JwtHeader, JwtPayload, ParsedJwt } from './parse.ts';

export const HMAC_ALGS = ['HS256', 'HS384', 'HS512'] as const;
export type HmacAlg = (typeof HMAC_ALGS)[number];
/** An HMAC secret: a string is used as its UTF-8 bytes. */
export type HmacKey = Uint8Array | string;
/** A private key for RS*, PS*, ES*, EdDSA (e.g. from jose `generateKeyPair` / `importPKCS8`). */
export type PrivateKeyInput = CryptoKey | KeyObject;
export type SigningKey = HmacKey | PrivateKeyInput;
/** Header members to sign; `alg` is supplied separately where the function says so. */
export type HeaderInput = { readonly [name: string]: JsonValue | undefined };

export function isHmacAlg(alg: string): alg is HmacAlg {
  return (HMAC_ALGS as readonly string[]).includes(alg);
}

export function isHmacKey(key: SigningKey): key is HmacKey {
  return typeof key === 'string' || key instanceof Uint8Array;
}

const HASH: Record<HmacAlg, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Raw HMAC over `signingInput`. Accepts any key bytes, including empty keys and PEM text. */
export function hmacSignature(alg: HmacAlg, key: HmacKey, signingInput: Uint8Array | string): Uint8Array {
  const keyBytes = typeof key === 'string' ? utf8Encode(key) : key;
  return new Uint8Array(createHmac(HASH[alg], keyBytes).update(signingInput).digest());
}

/** `header.payload.signature` from already-encoded header and payload segments. */
export function joinToken(
  headerSegment: string,
  payloadSegment: string,
  signature: Uint8Array | string,
): string {
  const sig = typeof signature === 'string' ? signature : base64urlEncode(signature);
  return `${headerSegment}.${payloadSegment}.${sig}`;
}

const RAW = Symbol('raw payload segment');
/** An existing payload segment, reused byte for byte (build with `rawPayload`). */
export interface RawPayload {
  readonly [RAW]: string;
}
/** A payload given as claims, or as an existing segment. */
export type PayloadInput = JwtPayload | RawPayload;

export function rawPayload(segment: string): RawPayload {
  return { [RAW]: segment };
}

function isRaw(payload: PayloadInput): payload is RawPayload {
  return RAW in payload;
}

function payloadSegment(payload: PayloadInput): string {
  return isRaw(payload) ? payload[RAW] : encodeJsonSegment(payload);
}

/** Signs with HMAC; `alg` replaces whatever alg the header carries (order of members is kept). */
export function signHmac(header: HeaderInput, payload: PayloadInput, alg: HmacAlg, key: HmacKey): string {
  const h = encodeJsonSegment(patchObject(header, { alg }));
  const p = payloadSegment(payload);
  return joinToken(h, p, hmacSignature(alg, key, `${h}.${p}`));
}

/**
 * Signs a token with the algorithm named in `header.alg`: HS* with a secret (node:crypto HMAC, so
 * odd keys work), anything else with a private key through jose.
 */
export async function signToken(header: JwtHeader, payload: PayloadInput, key: SigningKey): Promise<string> {
  const alg = header.alg;
  if (isHmacKey(key)) {
    if (!isHmacAlg(alg)) throw new TypeError(`an HMAC secret cannot sign alg ${alg}`);
    return signHmac(header, payload, alg, key);
  }
  if (isHmacAlg(alg)) throw new TypeError(`alg ${alg} needs a secret, not a private key`);
  const bytes = isRaw(payload)
    ? new Uint8Array(Buffer.from(payload[RAW], 'base64url'))
    : utf8Encode(JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader(header as JwtHeader & { alg: string }).sign(key);
}

/** Re-signs the token's header with changed claims (`undefined` removes a claim). */
export function resignWithClaims(parsed: ParsedJwt, claimChanges: Patch, key: SigningKey): Promise<string> {
  return signToken(parsed.header, patchObject(parsed.payload, claimChanges), key);
}

/**
 * Turns key material supplied for a white-box run into a signing key: PEM private keys (PKCS#8,
 * PKCS#1, SEC1) and private JWKs become key objects, an `oct` JWK becomes its secret bytes, and any
 * other text is an HMAC secret as is. Throws on a PEM or JWK that does not hold a private key.
 */
export function signingKeyFrom(material: string): SigningKey {
  const text = material.trim();
  if (text.startsWith('-----BEGIN') && text.includes('PRIVATE KEY-----')) return createPrivateKey(text);
  if (text.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      return material;
    }
    if (typeof jwk === 'object' && jwk !== null && 'kty' in jwk) {
      if (jwk.kty === 'oct' && 'k' in jwk && typeof jwk.k === 'string')
        return new Uint8Array(Buffer.from(jwk.k, 'base64url'));
      if (!('d' in jwk)) throw new TypeError('the JWK holds a public key; signing needs the private key');
      return createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    }
  }
  return material;
}
