import { kidInjectionTokens } from '../../jwt/index.ts';
import { attackCheck } from './shared/attack-check.ts';
import { jwtMeta } from './shared/meta.ts';

/** `kid` used as a file path or inside a SQL query: /dev/null → empty key, UNION SELECT → known key. */
export default attackCheck({
  meta: jwtMeta({
    id: 'jwt-kid-injection',
    title: 'JWT kid header injection accepted',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      "The API uses the token's kid header to locate the verification key without constraining it: a kid that points at /dev/null (an empty key) or injects SQL returning a chosen value lets anyone sign tokens the API accepts.",
    references: ['https://portswigger.net/web-security/jwt#injecting-self-signed-jwts-via-the-kid-parameter'],
  }),
  tokens: async (_ctx, probe) => kidInjectionTokens(probe.subject.parsed),
  what: (a) => `A token with ${a.forged.variant}`,
});
