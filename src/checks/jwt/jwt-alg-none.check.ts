import type { FindingDraft } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import { auditToken } from '../../jwt/index.ts';
import { auditEvidence } from './shared/audit.ts';
import { acceptedSentence, attackDraft } from './shared/evidence.ts';
import { algNoneResult } from './shared/forger.ts';
import { jwtMeta } from './shared/meta.ts';
import { hasJwt, jwtSubjects } from './shared/subjects.ts';
import { attackProbes } from './shared/target.ts';

/** Unsigned tokens (alg none/None/NONE/nOnE, no alg, empty alg) accepted; or the API itself issues them. */
const check: Check = {
  meta: jwtMeta({
    id: 'jwt-alg-none',
    title: 'Unsigned JWT (alg: none) accepted',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      'The API accepts a token whose header says alg "none" and that carries no valid signature, so anyone can write a token with any claims (any user, any role) and the API trusts it.',
  }),
  applies: hasJwt,
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    for (const subject of await jwtSubjects(ctx)) {
      const issue = auditToken(subject.parsed).issues.find((i) => i.check === 'jwt-alg-none');
      if (!issue) continue;
      const evidence = await auditEvidence(ctx, subject);
      drafts.push({
        endpoint: evidence.endpoint,
        variant: 'issued unsigned',
        title: issue.title,
        evidence: {
          summary: `${issue.detail} (${subject.identity.name}'s token)`,
          exchanges: [evidence.exchange],
          facts: { alg: JSON.stringify(subject.parsed.alg) },
        },
      });
    }
    for (const probe of await attackProbes(ctx)) {
      const { accepted } = await algNoneResult(ctx, probe);
      if (!accepted) continue;
      drafts.push(
        attackDraft(probe, accepted, {
          summary: acceptedSentence(probe, accepted, `An unsigned token (${accepted.forged.variant})`),
          ...(probe.controlAccepted
            ? {
                detail:
                  'The API does not verify signatures at all (see jwt-signature-not-verified); unsigned tokens pass as well.',
              }
            : {}),
        }),
      );
    }
    return drafts;
  },
};

export default check;
