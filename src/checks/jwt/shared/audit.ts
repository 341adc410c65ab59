import type { CheckMeta, EndpointRef, Exchange, FindingDraft } from '../../../core/types.ts';
import type { Check, CheckContext } from '../../../engine/context.ts';
import { type AuditCheck, type AuditIssue, auditToken } from '../../../jwt/index.ts';
import { endpointRef } from '../../shared/baseline.ts';
import { endpointOfExchange } from './evidence.ts';
import { hasJwt, type JwtSubject, jwtSubjects, subjectKey } from './subjects.ts';
import { probeFor } from './target.ts';

export interface AuditEvidence {
  endpoint: EndpointRef;
  /** The exchange that issued the token (login), or one that carried it. */
  exchange: Exchange;
}

/**
 * Memoised per subject: where the audited token comes from. The login exchange that issued it;
 * otherwise the genuine request of the subject's probe; otherwise one GET of the base URL carrying it.
 */
export function auditEvidence(ctx: CheckContext, subject: JwtSubject): Promise<AuditEvidence> {
  return ctx.memo(`jwt:audit-evidence:${subjectKey(subject)}`, async () => {
    const login = subject.identity.loginExchange;
    if (login) return { endpoint: endpointOfExchange(ctx, login), exchange: login };
    const probe = await probeFor(ctx, subject);
    if (probe) return { endpoint: endpointRef(probe.endpoint), exchange: probe.genuine };
    const exchange = await ctx.http.send(
      { method: 'GET', url: '/' },
      { identity: subject.identity, label: `request carrying ${subject.identity.name}'s token` },
    );
    return { endpoint: endpointOfExchange(ctx, exchange), exchange };
  });
}

/**
 * An offline audit check: one finding per check and issuing endpoint, from the first token that has
 * the issue; the other identities whose tokens share it are listed in the facts. Nothing is sent
 * except, when no login issued the token, one request showing it in use.
 */
export function auditCheck(
  meta: CheckMeta,
  id: AuditCheck,
  facts: (issue: AuditIssue) => Record<string, string>,
): Check {
  return {
    meta,
    applies: hasJwt,
    async run(ctx) {
      const byEndpoint = new Map<string, { draft: FindingDraft; identities: string[] }>();
      for (const subject of await jwtSubjects(ctx)) {
        const issue = auditToken(subject.parsed).issues.find((i) => i.check === id);
        if (!issue) continue;
        const evidence = await auditEvidence(ctx, subject);
        const key = `${evidence.endpoint.method} ${evidence.endpoint.path}`;
        const existing = byEndpoint.get(key);
        if (existing) {
          existing.identities.push(subject.identity.name);
          continue;
        }
        const draft: FindingDraft = {
          endpoint: evidence.endpoint,
          severity: issue.severity,
          title: issue.title,
          detail: issue.detail,
          evidence: {
            summary: `The ${subject.parsed.alg} token the API issued to ${subject.identity.name}: ${issue.title.toLowerCase()}.`,
            exchanges: [evidence.exchange],
            facts: facts(issue),
          },
        };
        byEndpoint.set(key, { draft, identities: [subject.identity.name] });
      }
      return [...byEndpoint.values()].map(({ draft, identities }) => {
        draft.evidence.facts = { ...draft.evidence.facts, 'tokens audited': identities.join(', ') };
        return draft;
      });
    },
  };
}
