import type { CheckMeta, FindingDraft, Severity } from '../../../core/types.ts';
import type { Check } from '../../../engine/context.ts';
import type { JwtAttackCheck } from '../../../jwt/index.ts';
import { acceptedSentence, attackDraft } from './evidence.ts';
import { claimResults, type Forger } from './forger.ts';
import { hasJwt } from './subjects.ts';
import { attackProbes } from './target.ts';

function forgerFact(forger: Forger): string {
  switch (forger.kind) {
    case 'key':
      return forger.source === 'cracked'
        ? 'cracked HMAC secret (see jwt-weak-secret)'
        : 'key supplied for a white-box run';
    case 'unverified':
      return 'none needed: the API does not verify signatures (see jwt-signature-not-verified)';
    case 'alg-none':
      return `unsigned token, ${forger.via.variant} (see jwt-alg-none)`;
  }
}

/**
 * A claim rule (exp, nbf, iss, aud) tested with tokens the API accepts otherwise: signed with a
 * supplied or cracked key, or wrapped the way the API is already known to accept without a key.
 */
export function claimCheck(
  meta: CheckMeta,
  id: JwtAttackCheck,
  severityOf?: (variant: string) => Severity | undefined,
): Check {
  return {
    meta,
    applies: hasJwt,
    async run(ctx) {
      const drafts: FindingDraft[] = [];
      for (const probe of await attackProbes(ctx)) {
        const outcome = (await claimResults(ctx, probe)).get(id);
        const accepted = outcome?.result.accepted;
        if (!outcome || !accepted) continue;
        const severity = severityOf?.(accepted.forged.variant);
        drafts.push(
          attackDraft(probe, accepted, {
            summary: acceptedSentence(probe, accepted, `A forged token (${accepted.forged.variant})`),
            facts: { 'how the token was made acceptable': forgerFact(outcome.forger) },
            ...(severity ? { severity } : {}),
          }),
        );
      }
      return drafts;
    },
  };
}
