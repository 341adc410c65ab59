import { psychicSignatureTokens } from '../../jwt/index.ts';
import { attackCheck } from './shared/attack-check.ts';
import { jwtMeta } from './shared/meta.ts';

/** CVE-2022-21449: ECDSA verifiers (Java 15–18) that accept r = s = 0 for any key. */
export default attackCheck({
  meta: jwtMeta({
    id: 'jwt-psychic-signature',
    title: 'ECDSA "psychic signature" (r = s = 0) accepted',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      'The API accepts an ECDSA-signed token whose signature values r and s are zero, which verifies against any public key on vulnerable runtimes (CVE-2022-21449): anyone can forge any token.',
    references: ['https://nvd.nist.gov/vuln/detail/CVE-2022-21449'],
  }),
  skip: (probe) =>
    /^ES(256|384|512)$/.test(probe.subject.parsed.alg) ? undefined : 'not an ECDSA (ES*) token',
  tokens: async (_ctx, probe) => psychicSignatureTokens(probe.subject.parsed),
  what: (a) => `A token with an all-zero ECDSA signature (${a.forged.variant})`,
});
