import type { FindingDraft } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import { signatureTamperTokens } from '../../jwt/index.ts';
import { endpointRef } from '../shared/baseline.ts';
import { tryTokens } from './shared/attempt.ts';
import { acceptedSentence, attackDraft, where } from './shared/evidence.ts';
import { jwtMeta } from './shared/meta.ts';
import { hasJwt, jwtSubjects } from './shared/subjects.ts';
import { attackProbes } from './shared/target.ts';

/**
 * The genuine claims with a broken, random, stripped or borrowed signature get the genuine answer.
 * The corrupted-signature control being accepted is the finding itself; otherwise the other
 * tampering variants run (stripped signatures and borrowed ones are accepted by some libraries).
 */
const check: Check = {
  meta: jwtMeta({
    id: 'jwt-signature-not-verified',
    title: 'JWT signature not verified',
    severity: 'critical',
    cwe: 'CWE-347',
    description:
      'The API accepts tokens whose signature is wrong, so it reads the claims without checking who wrote them: anyone can change the subject, role or expiry of a token.',
  }),
  applies: hasJwt,
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    const subjects = await jwtSubjects(ctx);
    for (const probe of await attackProbes(ctx)) {
      if (probe.controlAccepted) {
        drafts.push({
          endpoint: endpointRef(probe.endpoint),
          variant: probe.controlToken.variant,
          evidence: {
            summary: `${probe.subject.identity.name}'s token with a corrupted signature (one bit flipped) sent to GET ${probe.path} (${where(probe.subject)}) got the same answer as the genuine token (${probe.control.response?.status}), while an anonymous request is refused (${probe.anonymous.response?.status}).`,
            exchanges: [probe.genuine, probe.anonymous, probe.control],
            facts: {
              'forged token': probe.controlToken.description,
              'token placement': where(probe.subject),
            },
          },
        });
        continue;
      }
      const others = subjects.filter((s) => s !== probe.subject).map((s) => s.parsed);
      const tokens = signatureTamperTokens(probe.subject.parsed, others);
      const { accepted } = await tryTokens(ctx, probe, tokens);
      if (accepted) {
        drafts.push(
          attackDraft(probe, accepted, {
            summary: acceptedSentence(probe, accepted, `A token with ${accepted.forged.variant}`),
          }),
        );
      }
    }
    return drafts;
  },
};

export default check;
