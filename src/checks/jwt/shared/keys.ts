import type { Exchange } from '../../../core/types.ts';
import type { CheckContext } from '../../../engine/context.ts';
import type { JsonObject } from '../../../jwt/index.ts';
import {
  type AttackerKeys,
  generateAttackerKeys,
  type ParsedJwt,
  type PublicKeyInput,
  parseJwks,
  parseOpenIdConfiguration,
  pickConfusionKeys,
  publicKeyEncodings,
  WELL_KNOWN_KEY_PATHS,
} from '../../../jwt/index.ts';

/** apiward's own key pairs for injected-key attacks; generated once per scan. */
export function attackerKeys(ctx: CheckContext): Promise<AttackerKeys> {
  return ctx.memo('jwt:attacker-keys', () => generateAttackerKeys());
}

export interface PublishedKey {
  key: PublicKeyInput;
  /** Where it came from: a URL on the target, or "supplied". */
  source: string;
  exchange?: Exchange;
}

/** True when `url` resolves to the target's own origin (in scope). */
export function sameOrigin(ctx: CheckContext, url: string): boolean {
  try {
    return ctx.target.origins.has(new URL(url, ctx.target.baseUrl).origin);
  } catch {
    return false;
  }
}

/** Supplied key material that is a public key (PEM or JWK), for confusion when nothing is published. */
export function suppliedPublicKeys(keys: readonly string[]): PublicKeyInput[] {
  const out: PublicKeyInput[] = [];
  for (const material of keys) {
    const text = material.trim();
    const candidate: PublicKeyInput = text.startsWith('{') ? text : material;
    if (text.includes('PRIVATE KEY')) continue;
    try {
      if (publicKeyEncodings(candidate).length > 0) out.push(candidate);
    } catch {
      // not a public key
    }
  }
  return out;
}

/**
 * Memoised per scan: JWKS documents the API publishes at the well-known paths, through an OpenID /
 * OAuth metadata `jwks_uri`, or at a same-origin `jku` of the genuine token. Anonymous GETs, in scope only.
 */
export function publishedJwks(
  ctx: CheckContext,
  jkuHints: readonly string[],
): Promise<Array<{ keys: JsonObject[]; source: string; exchange: Exchange }>> {
  return ctx.memo('jwt:published-jwks', async () => {
    const found: Array<{ keys: JsonObject[]; source: string; exchange: Exchange }> = [];
    const seen = new Set<string>();
    const fetchJwks = async (url: string): Promise<Exchange | undefined> => {
      const absolute = new URL(url, ctx.http.url('/')).toString();
      if (seen.has(absolute) || !sameOrigin(ctx, absolute)) return undefined;
      seen.add(absolute);
      return ctx.http.send({ method: 'GET', url: absolute }, { label: 'public key discovery' });
    };
    const urls = [...jkuHints, ...WELL_KNOWN_KEY_PATHS.map((p) => ctx.http.url(p))];
    const exchanges = await Promise.all(urls.map(fetchJwks));
    const metadataUris: string[] = [];
    for (const e of exchanges) {
      const body = e?.response && e.response.status === 200 ? e.response.body : undefined;
      if (!e || body === undefined) continue;
      const jwks = parseJwks(body);
      if (jwks && jwks.keys.length > 0) found.push({ keys: jwks.keys, source: e.request.url, exchange: e });
      const meta = parseOpenIdConfiguration(body);
      if (meta?.jwks_uri) metadataUris.push(meta.jwks_uri);
    }
    for (const e of await Promise.all(metadataUris.map(fetchJwks))) {
      const jwks = e?.response?.status === 200 ? parseJwks(e.response.body) : undefined;
      if (e && jwks && jwks.keys.length > 0)
        found.push({ keys: jwks.keys, source: e.request.url, exchange: e });
    }
    return found;
  });
}

/** Public keys worth trying for RS/PS/ES → HS confusion against this token, best first. */
export async function confusionKeys(ctx: CheckContext, parsed: ParsedJwt): Promise<PublishedKey[]> {
  const jku = typeof parsed.header.jku === 'string' ? [parsed.header.jku] : [];
  const out: PublishedKey[] = [];
  for (const doc of await publishedJwks(ctx, jku)) {
    for (const key of pickConfusionKeys({ keys: doc.keys }, parsed)) {
      out.push({ key, source: doc.source, exchange: doc.exchange });
    }
  }
  for (const key of suppliedPublicKeys(ctx.settings.jwtKeys))
    out.push({ key, source: 'supplied public key' });
  return out;
}
