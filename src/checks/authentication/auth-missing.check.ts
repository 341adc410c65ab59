import { carriesData, sameData, verdict } from '../../analysis/compare.ts';
import { markersIn, sensitiveFields } from '../../analysis/sensitive.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import {
  apiRequiresAuth,
  authBaselines,
  type EndpointBaseline,
  endpointRef,
  isCatchAll,
} from '../shared/baseline.ts';

/**
 * An endpoint answers anonymous callers with data. Reported only with proof that the data is
 * not meant to be public: the spec declares security for it, or the anonymous answer carries
 * a known user's identifying data or sensitive fields, or it equals what an authenticated
 * user gets on an API that otherwise refuses anonymous callers.
 */
const check: Check = {
  meta: {
    id: 'auth-missing',
    title: 'Endpoint serves data without authentication',
    category: 'authentication',
    severity: 'high',
    owasp: 'API2:2023',
    cwe: 'CWE-306',
    description:
      'The endpoint returns data to a request that carries no credentials at all, so anyone who can reach the API can read it.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cwe.mitre.org/data/definitions/306.html',
    ],
    compliance: [PCI.strongAuth, SOC2.logicalAccess],
  },
  async run(ctx) {
    const baselines = await authBaselines(ctx);
    const apiHasAuth = apiRequiresAuth(baselines);
    const allMarkers = ctx.identities.flatMap((i) =>
      [...i.markers].map(([k, v]) => [`${i.name}.${k}`, v] as const),
    );
    const drafts: FindingDraft[] = [];
    for (const b of baselines) {
      const anon = b.anonymous.response;
      if (!carriesData(anon) || !anon || (await isCatchAll(ctx, anon))) continue;
      const reasons = reasonsToBePrivate(b, apiHasAuth, new Map(allMarkers));
      if (reasons.length === 0) continue;
      const exchanges = [...(b.genuine ? [b.genuine] : []), b.anonymous];
      const confirmed = reasons.some((r) => r.strong);
      drafts.push({
        endpoint: endpointRef(b.endpoint),
        confidence: confirmed ? 'confirmed' : 'likely',
        severity: reasons.some((r) => r.critical) ? 'critical' : 'high',
        evidence: {
          summary: `GET ${b.path} without any credentials answered ${anon.status} with data: ${reasons.map((r) => r.text).join('; ')}.`,
          exchanges,
        },
      });
    }
    return drafts;
  },
};

interface Reason {
  text: string;
  strong: boolean;
  critical?: boolean;
}

function reasonsToBePrivate(
  b: EndpointBaseline,
  apiHasAuth: boolean,
  markers: ReadonlyMap<string, string>,
): Reason[] {
  const anon = b.anonymous.response!;
  const reasons: Reason[] = [];
  if (b.endpoint.declaredSecurity === 'required') {
    reasons.push({ text: 'the spec declares a security requirement for this operation', strong: true });
  }
  const leaked = markersIn(anon.body, markers);
  if (leaked.length > 0) {
    reasons.push({
      text: `it contains identifying data of configured users (${leaked.join(', ')})`,
      strong: true,
    });
  }
  const fields = sensitiveFields(anon.body).filter((f) => f.kind !== 'internal-flag');
  if (fields.length > 0) {
    const critical = fields.some((f) => f.kind === 'credential' || f.kind === 'secret');
    reasons.push({
      text: `it exposes sensitive fields (${[...new Set(fields.map((f) => f.path.replace(/\[\d+\]/g, '[]')))].slice(0, 5).join(', ')})`,
      strong: critical || leaked.length > 0,
      critical,
    });
  }
  if (
    apiHasAuth &&
    b.genuine &&
    verdict(b.genuine.response) === 'allowed' &&
    sameData(b.genuine.response, anon) &&
    reasons.length > 0
  ) {
    reasons.push({
      text: `it is the same answer ${b.owner?.name ?? 'an authenticated user'} gets`,
      strong: false,
    });
  }
  return reasons;
}

export default check;
