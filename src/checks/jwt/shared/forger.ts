import { createPublicKey, KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import type { CheckContext } from '../../../engine/context.ts';
import {
  algNoneTokens,
  claimValidationTokens,
  type ForgedToken,
  hmacSignature,
  isHmacAlg,
  type JwtAttackCheck,
  type ParsedJwt,
  type SigningKey,
  signingKeyFrom,
} from '../../../jwt/index.ts';
import { type AttemptResult, tryTokens } from './attempt.ts';
import { crackSubject } from './crack.ts';
import { subjectKey } from './subjects.ts';
import type { Probe } from './target.ts';

/** A way to make the API accept tokens with claims of our choosing. */
export type Forger =
  | { kind: 'key'; key: SigningKey; source: 'cracked' | 'supplied'; describe: string }
  | { kind: 'unverified'; describe: string }
  | { kind: 'alg-none'; via: ForgedToken; describe: string };

/** alg=none variants against one probe, memoised (the alg-none check and the claim checks share it). */
export function algNoneResult(ctx: CheckContext, probe: Probe): Promise<AttemptResult> {
  return ctx.memo(`jwt:alg-none:${subjectKey(probe.subject)}`, () =>
    tryTokens(ctx, probe, algNoneTokens(probe.subject.parsed)),
  );
}

/** True when `key` produced the genuine token's signature (so tokens it signs are as good as the API's). */
export async function keyMatches(parsed: ParsedJwt, key: SigningKey): Promise<boolean> {
  const alg = parsed.alg;
  if (typeof key === 'string' || key instanceof Uint8Array) {
    if (!isHmacAlg(alg)) return false;
    return Buffer.from(hmacSignature(alg, key, parsed.signingInput)).equals(Buffer.from(parsed.signature));
  }
  if (isHmacAlg(alg) || !(key instanceof KeyObject)) return false;
  try {
    await compactVerify(parsed.token, createPublicKey(key));
    return true;
  } catch {
    return false;
  }
}

/** The first user-supplied key (white-box run) that verifies the genuine token. */
export async function suppliedKey(
  keys: readonly string[],
  parsed: ParsedJwt,
): Promise<SigningKey | undefined> {
  for (const material of keys) {
    let key: SigningKey;
    try {
      key = signingKeyFrom(material);
    } catch {
      continue;
    }
    if (await keyMatches(parsed, key)) return key;
  }
  return undefined;
}

/** Memoised per probe: supplied key, cracked secret, no signature check, or accepted alg=none — in that order. */
export function forgerFor(ctx: CheckContext, probe: Probe): Promise<Forger | undefined> {
  return ctx.memo(`jwt:forger:${subjectKey(probe.subject)}`, async () => {
    const { parsed } = probe.subject;
    const supplied = await suppliedKey(ctx.settings.jwtKeys, parsed);
    if (supplied !== undefined) {
      return { kind: 'key', key: supplied, source: 'supplied', describe: 'signed with the supplied key' };
    }
    const cracked = await crackSubject(ctx, probe.subject);
    if (cracked?.secretBytes) {
      return {
        kind: 'key',
        key: cracked.secretBytes,
        source: 'cracked',
        describe: 'signed with the cracked secret',
      };
    }
    if (probe.controlAccepted) {
      return {
        kind: 'unverified',
        describe: 'carrying the genuine signature (the API does not verify signatures)',
      };
    }
    const none = await algNoneResult(ctx, probe);
    if (none.accepted) {
      return {
        kind: 'alg-none',
        via: none.accepted.forged,
        describe: `sent unsigned (${none.accepted.forged.variant}, which the API accepts)`,
      };
    }
    return undefined;
  });
}

const PLACEHOLDER_KEY = 'apiward-placeholder-key';

/**
 * Tokens that each break one claim rule, made acceptable by the forger: signed with the key, or
 * the claims re-wrapped in the genuine header and signature (no verification) or in the accepted
 * unsigned header.
 */
export async function claimTokens(parsed: ParsedJwt, forger: Forger, now?: number): Promise<ForgedToken[]> {
  const options = now === undefined ? {} : { now };
  if (forger.kind === 'key') return claimValidationTokens(parsed, forger.key, options);
  const asHmac: ParsedJwt = { ...parsed, alg: 'HS256', header: { ...parsed.header, alg: 'HS256' } };
  const tokens = await claimValidationTokens(asHmac, PLACEHOLDER_KEY, options);
  const [header, signature] =
    forger.kind === 'unverified'
      ? [parsed.segments.header, parsed.segments.signature]
      : [forger.via.token.split('.')[0] ?? '', forger.via.token.split('.')[2] ?? ''];
  return tokens.map((t) => ({
    ...t,
    token: `${header}.${t.token.split('.')[1] ?? ''}.${signature}`,
    description: `${t.description} Claims ${forger.describe}.`,
  }));
}

export interface ClaimOutcome {
  forger: Forger;
  result: AttemptResult;
}

/** Memoised per probe: every claim-rule token, grouped by the check it serves, each group stopping at its first acceptance. */
export function claimResults(ctx: CheckContext, probe: Probe): Promise<Map<JwtAttackCheck, ClaimOutcome>> {
  return ctx.memo(`jwt:claims:${subjectKey(probe.subject)}`, async () => {
    const out = new Map<JwtAttackCheck, ClaimOutcome>();
    const forger = await forgerFor(ctx, probe);
    if (!forger) return out;
    const tokens = await claimTokens(probe.subject.parsed, forger);
    const groups = new Map<JwtAttackCheck, ForgedToken[]>();
    for (const t of tokens) groups.set(t.check, [...(groups.get(t.check) ?? []), t]);
    await Promise.all(
      [...groups].map(async ([check, list]) => {
        out.set(check, { forger, result: await tryTokens(ctx, probe, list) });
      }),
    );
    return out;
  });
}
