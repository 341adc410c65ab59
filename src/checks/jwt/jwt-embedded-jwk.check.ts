import { embeddedJwkTokens } from '../../jwt/index.ts';
import { attackCheck } from './shared/attack-check.ts';
import { attackerKeys } from './shared/keys.ts';
import { jwtMeta } from './shared/meta.ts';

/** CVE-2018-0114 family: the API verifies with the key the token itself carries (jwk / x5c header). */
export default attackCheck({
  meta: jwtMeta({
    id: 'jwt-embedded-jwk',
    title: 'JWT signed with a key embedded in its own header accepted',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      'The API verifies tokens with a public key taken from the token header (jwk or x5c), so anyone can sign a token with their own key pair and embed the public half.',
    references: ['https://nvd.nist.gov/vuln/detail/CVE-2018-0114'],
  }),
  tokens: async (ctx, probe) => embeddedJwkTokens(probe.subject.parsed, await attackerKeys(ctx)),
  what: (a) => `A token signed with apiward's own key (${a.forged.variant})`,
});
