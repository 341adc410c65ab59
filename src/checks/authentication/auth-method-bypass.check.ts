import { carriesData, sameData, verdict } from '../../analysis/compare.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft, HttpMethod } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { authBaselines, type EndpointBaseline, endpointRef } from '../shared/baseline.ts';

const OVERRIDE_HEADERS = ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override'];

/**
 * Authentication enforced for GET only: an anonymous HEAD, OPTIONS, or a method-override header
 * reaches the same handler. Confirmed when the anonymous answer carries the data the owner gets.
 */
const check: Check = {
  meta: {
    id: 'auth-method-bypass',
    title: 'Authentication bypass through another HTTP method',
    category: 'authentication',
    severity: 'high',
    owasp: 'API2:2023',
    cwe: 'CWE-650',
    description:
      'The API refuses an anonymous GET but serves the same resource when the request uses another method (HEAD, OPTIONS) or a method-override header, so the authentication check is tied to the method rather than the resource.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cwe.mitre.org/data/definitions/650.html',
    ],
    compliance: [PCI.strongAuth, SOC2.logicalAccess],
  },
  async run(ctx) {
    const protectedOnes = (await authBaselines(ctx)).filter(
      (b) => carriesData(b.genuine?.response) && verdict(b.anonymous.response) === 'denied',
    );
    const drafts = await Promise.all(protectedOnes.map((b) => probe(ctx, b)));
    return drafts.filter((d): d is FindingDraft => d !== undefined);
  },
};

async function probe(ctx: CheckContext, b: EndpointBaseline): Promise<FindingDraft | undefined> {
  const send = (method: HttpMethod, headers: Record<string, string>, label: string) =>
    ctx.http.send({ method, url: b.path, headers }, { label });
  const attempts: Array<Promise<Exchange>> = [
    send('OPTIONS', {}, 'anonymous OPTIONS'),
    ...OVERRIDE_HEADERS.map((h) => send('GET', { [h]: 'OPTIONS' }, `anonymous GET with ${h}: OPTIONS`)),
  ];
  if (ctx.settings.active) {
    attempts.push(
      ...OVERRIDE_HEADERS.map((h) => send('POST', { [h]: 'GET' }, `anonymous POST with ${h}: GET`)),
    );
  }
  for (const attempt of await Promise.all(attempts)) {
    if (sameData(attempt.response, b.genuine?.response) && carriesData(attempt.response)) {
      return {
        endpoint: endpointRef(b.endpoint),
        variant: attempt.label,
        evidence: {
          summary: `An anonymous GET ${b.path} is refused (${b.anonymous.response?.status}) but "${attempt.label}" returns the same data ${b.owner?.name} gets.`,
          exchanges: [b.genuine!, b.anonymous, attempt],
        },
      };
    }
  }
  const head = await send('HEAD', {}, 'anonymous HEAD');
  const status = head.response?.status ?? 0;
  if (status >= 200 && status < 300) {
    return {
      endpoint: endpointRef(b.endpoint),
      variant: 'HEAD',
      confidence: 'likely',
      severity: 'medium',
      evidence: {
        summary: `An anonymous GET ${b.path} is refused (${b.anonymous.response?.status}) but an anonymous HEAD gets ${status}: the handler runs without authentication for HEAD.`,
        exchanges: [b.genuine!, b.anonymous, head],
      },
    };
  }
  return undefined;
}

export default check;
