import type { CheckMeta, FindingDraft, Severity } from '../../../core/types.ts';
import type { Check, CheckContext } from '../../../engine/context.ts';
import type { ForgedToken } from '../../../jwt/index.ts';
import { type Accepted, tryTokens } from './attempt.ts';
import { acceptedSentence, attackDraft } from './evidence.ts';
import { hasJwt } from './subjects.ts';
import { type Probe, verifyingProbes } from './target.ts';

export interface AttackSpec {
  meta: CheckMeta;
  /** Why this probe's token is not a candidate (e.g. wrong alg family); undefined when it is. */
  skip?(probe: Probe): string | undefined;
  tokens(ctx: CheckContext, probe: Probe): Promise<ForgedToken[]>;
  /** Noun phrase for the summary, e.g. "A token whose kid points at /dev/null". */
  what(accepted: Accepted): string;
  severity?(accepted: Accepted): Severity | undefined;
  facts?(ctx: CheckContext, probe: Probe, accepted: Accepted): Record<string, string>;
}

/**
 * A network attack that only means something when the API verifies signatures: runs on the
 * verifying probes (control refused), sends the tokens, reports the first one the API accepts.
 */
export function attackCheck(spec: AttackSpec): Check {
  return {
    meta: spec.meta,
    applies: hasJwt,
    async run(ctx) {
      const drafts: FindingDraft[] = [];
      for (const probe of await verifyingProbes(ctx)) {
        const reason = spec.skip?.(probe);
        if (reason) {
          ctx.progress(`${probe.subject.identity.name}'s token skipped: ${reason}`);
          continue;
        }
        const tokens = await spec.tokens(ctx, probe);
        const { accepted } = await tryTokens(ctx, probe, tokens);
        if (!accepted) continue;
        const severity = spec.severity?.(accepted);
        drafts.push(
          attackDraft(probe, accepted, {
            summary: acceptedSentence(probe, accepted, spec.what(accepted)),
            ...(severity ? { severity } : {}),
            ...(spec.facts ? { facts: spec.facts(ctx, probe, accepted) } : {}),
          }),
        );
      }
      return drafts;
    },
  };
}
