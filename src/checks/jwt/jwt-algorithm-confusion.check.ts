import { algConfusionTokens, type ForgedToken } from '../../jwt/index.ts';
import { attackCheck } from './shared/attack-check.ts';
import { confusionKeys } from './shared/keys.ts';
import { jwtMeta } from './shared/meta.ts';

const MAX_KEYS = 3;
/** Remembers which published key produced which token, for the evidence. */
const keySource = new WeakMap<object, string>();

/** RS/PS/ES → HS confusion: the public key the API publishes used as an HMAC secret. */
export default attackCheck({
  meta: jwtMeta({
    id: 'jwt-algorithm-confusion',
    title: 'JWT algorithm confusion: public key accepted as HMAC secret',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      "The API lets the token choose its algorithm: a token re-signed with HS256 using the API's own public key (which anyone can download) as the HMAC secret is accepted, so anyone can forge tokens.",
    references: ['https://nvd.nist.gov/vuln/detail/CVE-2016-10555'],
  }),
  skip: (probe) =>
    /^(RS|PS|ES)(256|384|512)$/.test(probe.subject.parsed.alg)
      ? undefined
      : 'not an asymmetric (RS/PS/ES) token',
  async tokens(ctx, probe) {
    const keys = (await confusionKeys(ctx, probe.subject.parsed)).slice(0, MAX_KEYS);
    const out: ForgedToken[] = [];
    for (const k of keys) {
      try {
        for (const t of algConfusionTokens(probe.subject.parsed, k.key)) {
          keySource.set(t, k.source);
          out.push(t);
        }
      } catch {
        // a published entry that is not a usable public key
      }
    }
    if (keys.length === 0) ctx.progress('no published public key found (JWKS / OpenID configuration)');
    return out;
  },
  what: (a) => `A token re-signed as ${a.forged.variant}`,
  facts: (_ctx, _probe, a) => ({ 'public key source': keySource.get(a.forged) ?? 'unknown' }),
});
