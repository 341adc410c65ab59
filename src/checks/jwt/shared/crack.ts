import { type CandidateSource, type CrackTarget, crack } from '../../../crack/index.ts';
import type { CheckContext } from '../../../engine/context.ts';
import { crackTargetOf, isHmacAlg } from '../../../jwt/index.ts';
import type { JwtSubject } from './subjects.ts';

export interface CrackOutcome {
  alg: string;
  secret?: string;
  secretBytes?: Uint8Array;
  tried: number;
  elapsedMs: number;
  /** What was searched: "built-in list", word list paths, "mutations of the built-in list". */
  searched: string[];
  /** A word list that could not be read, or another reason the search stopped early. */
  problem?: string;
}

/**
 * Offline dictionary attack on an HS256/384/512 token, memoised per token: the built-in list and the
 * configured word lists first, then mutations of the built-in list. No request is sent.
 */
export function crackSubject(ctx: CheckContext, subject: JwtSubject): Promise<CrackOutcome | undefined> {
  const { parsed } = subject;
  const alg = parsed.alg;
  if (!isHmacAlg(alg)) return Promise.resolve(undefined);
  const target: CrackTarget = { ...crackTargetOf(parsed), alg };
  return ctx.memo(`jwt:crack:${parsed.segments.signature}`, async () => {
    const outcome: CrackOutcome = { alg: parsed.alg, tried: 0, elapsedMs: 0, searched: [] };
    const rounds: Array<{ sources: CandidateSource[]; mutations: boolean; labels: string[] }> = [
      {
        sources: [
          { kind: 'builtin' },
          ...ctx.settings.wordlists.map((path) => ({ kind: 'file' as const, path })),
        ],
        mutations: false,
        labels: ['built-in list', ...ctx.settings.wordlists],
      },
      { sources: [{ kind: 'builtin' }], mutations: true, labels: ['mutations of the built-in list'] },
    ];
    for (const round of rounds) {
      ctx.progress(`cracking the ${parsed.alg} secret offline (${round.labels.join(', ')})`);
      try {
        const result = await crack(target, round.sources, {
          mutations: round.mutations,
          signal: ctx.signal,
        });
        outcome.tried += result.tried;
        outcome.elapsedMs += result.elapsedMs;
        outcome.searched.push(...round.labels);
        if (result.secretBytes) {
          outcome.secretBytes = result.secretBytes;
          outcome.secret = result.secret ?? '';
          return outcome;
        }
        if (result.cancelled) return outcome;
      } catch (error) {
        outcome.problem = error instanceof Error ? error.message.split('\n')[0] : String(error);
        if (round.mutations) break;
        // A missing word list must not stop the built-in search.
        const retry = await crack(target, [{ kind: 'builtin' }], { signal: ctx.signal });
        outcome.tried += retry.tried;
        outcome.elapsedMs += retry.elapsedMs;
        outcome.searched.push('built-in list');
        if (retry.secretBytes) {
          outcome.secretBytes = retry.secretBytes;
          outcome.secret = retry.secret ?? '';
          return outcome;
        }
      }
    }
    return outcome;
  });
}

/** How to show a cracked secret: quoted, with non-printable bytes escaped. Pure. */
export function showSecret(secret: string): string {
  return JSON.stringify(secret);
}
