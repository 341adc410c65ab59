import type { FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { jkuTokens, x5uTokens } from '../../jwt/index.ts';
import { endpointRef } from '../shared/baseline.ts';
import { tryTokens } from './shared/attempt.ts';
import { acceptedSentence, attackDraft, negativeControl, where } from './shared/evidence.ts';
import { attackerKeys } from './shared/keys.ts';
import { describeFetch, isLoopbackTarget, type KeyListener, startKeyListener } from './shared/listener.ts';
import { jwtMeta } from './shared/meta.ts';
import { hasJwt } from './shared/subjects.ts';
import { type Probe, verifyingProbes } from './shared/target.ts';

/**
 * `jku` / `x5u` pointing at a JWKS / certificate apiward serves on 127.0.0.1. The API fetching it is
 * a server-side request to an attacker-chosen URL (CWE-918); accepting the token signed with the
 * served key is full key injection. Only for loopback targets, so the listener is reachable and
 * nothing outside the machine is involved.
 */
const check: Check = {
  meta: jwtMeta({
    id: 'jwt-jku-injection',
    title: 'JWT jku/x5u header injection: keys fetched from a URL in the token',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      "The API fetches verification keys from the URL in the token's jku (or x5u) header. An attacker points it at a key set they host: the API makes a request to an attacker-chosen URL (server-side request forgery, CWE-918) and, when it trusts the fetched key, accepts tokens the attacker signed.",
    references: ['https://cwe.mitre.org/data/definitions/918.html'],
  }),
  applies: hasJwt,
  async run(ctx) {
    const probes = await verifyingProbes(ctx);
    if (probes.length === 0) return [];
    if (!isLoopbackTarget(ctx.target.baseUrl)) {
      ctx.progress('jku/x5u injection skipped: the listener is only used with a loopback target');
      return [];
    }
    const listener = await startKeyListener();
    try {
      const drafts: FindingDraft[] = [];
      for (const probe of probes) {
        const draft = await attack(ctx, probe, listener);
        if (draft) drafts.push(draft);
      }
      return drafts;
    } finally {
      await listener.close();
    }
  },
};

async function attack(
  ctx: CheckContext,
  probe: Probe,
  listener: KeyListener,
): Promise<FindingDraft | undefined> {
  const keys = await attackerKeys(ctx);
  const { parsed } = probe.subject;
  const before = listener.fetches.length;
  const jku = await jkuTokens(parsed, `${listener.base}/jwks.json`, keys);
  listener.serve('/jwks.json', 'application/json', JSON.stringify(jku.jwks));
  const x5u = await x5uTokens(parsed, `${listener.base}/cert.pem`, keys);
  listener.serve('/cert.pem', 'application/pem-certificate-chain', x5u.certificatePem);
  const result = await tryTokens(ctx, probe, [...jku.tokens, ...x5u.tokens]);
  // Give a slow fetcher a moment: a fetch may land just after the response.
  if (listener.fetches.length === before) await new Promise((r) => setTimeout(r, 100));
  const fetches = listener.fetches.slice(before);
  const facts: Record<string, string> = {};
  fetches.slice(0, 5).forEach((f, i) => {
    facts[`fetch by the API #${i + 1}`] = describeFetch(f);
  });
  if (result.accepted) {
    return attackDraft(probe, result.accepted, {
      summary: `${acceptedSentence(probe, result.accepted, `A token signed with apiward's key, ${result.accepted.forged.variant}`)}${fetches.length > 0 ? ` The API fetched the key from apiward's listener (${fetches.length} request(s)).` : ''}`,
      facts,
    });
  }
  if (fetches.length === 0) return undefined;
  const last = result.sent.at(-1);
  if (!last) return undefined;
  return {
    endpoint: endpointRef(probe.endpoint),
    variant: 'server-side fetch of the jku/x5u URL',
    severity: 'high',
    title: 'JWT jku/x5u URL fetched by the API (server-side request forgery)',
    detail:
      'The forged token itself was refused, but the API requested the URL the token named before refusing it (CWE-918): an attacker can make the server call internal addresses.',
    evidence: {
      summary: `Tokens sent to GET ${probe.path} (${where(probe.subject)}) with jku/x5u pointing at apiward's listener made the API fetch ${fetches.map((f) => f.path).join(', ')}; the tokens were refused.`,
      exchanges: [probe.genuine, negativeControl(probe), last],
      facts,
    },
  };
}

export default check;
