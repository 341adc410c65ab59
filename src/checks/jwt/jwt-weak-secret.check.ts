import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { forgeImpactTokens, humanDuration, isHmacAlg } from '../../jwt/index.ts';
import { endpointRef } from '../shared/baseline.ts';
import { type AttemptResult, peerAnswers, tryTokens } from './shared/attempt.ts';
import { auditEvidence } from './shared/audit.ts';
import { type CrackOutcome, crackSubject, showSecret } from './shared/crack.ts';
import { controlSentence, negativeControl, where } from './shared/evidence.ts';
import { escalate, impactHints } from './shared/impact.ts';
import { jwtMeta } from './shared/meta.ts';
import { hasJwt, type JwtSubject, jwtSubjects } from './shared/subjects.ts';
import { attackProbes, probeFor } from './shared/target.ts';

/**
 * The HMAC secret is in a dictionary of defaults, placeholders and leaked secrets: recomputing the
 * signature offline proves it (no request). Then forged tokens show the impact: another user's
 * identity, raised privileges, and an endpoint the identity is refused reached with a forged admin claim.
 */
const check: Check = {
  meta: jwtMeta({
    id: 'jwt-weak-secret',
    title: 'JWT signed with a guessable HMAC secret',
    severity: 'critical',
    cwe: 'CWE-1391',
    keyManagement: true,
    description:
      "The HMAC secret that signs the API's tokens was found offline in a list of default, example and commonly used secrets. Anyone can sign tokens for any user and any role, and the API accepts them as its own.",
    references: ['https://github.com/wallarm/jwt-secrets'],
  }),
  applies: hasJwt,
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    const done = new Set<string>();
    for (const subject of await crackCandidates(ctx)) {
      const outcome = await crackSubject(ctx, subject);
      if (!outcome?.secretBytes || done.has(outcome.secret ?? '')) continue;
      done.add(outcome.secret ?? '');
      drafts.push(await report(ctx, subject, outcome));
    }
    return drafts;
  },
};

/** HS tokens worth cracking: those the network attacks use, else the first HS token of the scan. */
async function crackCandidates(ctx: CheckContext): Promise<JwtSubject[]> {
  const fromProbes = (await attackProbes(ctx)).map((p) => p.subject).filter((s) => isHmacAlg(s.parsed.alg));
  if (fromProbes.length > 0) return fromProbes;
  const first = (await jwtSubjects(ctx)).find((s) => isHmacAlg(s.parsed.alg));
  return first ? [first] : [];
}

function crackFacts(outcome: CrackOutcome): Record<string, string> {
  return {
    'HMAC secret': showSecret(outcome.secret ?? ''),
    algorithm: outcome.alg,
    'candidates tried': String(outcome.tried),
    'search time': humanDuration(outcome.elapsedMs / 1000),
    searched: outcome.searched.join(', '),
  };
}

async function report(ctx: CheckContext, subject: JwtSubject, outcome: CrackOutcome): Promise<FindingDraft> {
  const facts = crackFacts(outcome);
  const cracked = `${subject.identity.name}'s ${outcome.alg} token was cracked offline: the secret is ${facts['HMAC secret']} (${outcome.tried} candidates)`;
  const probe = await probeFor(ctx, subject);
  if (!probe) {
    const evidence = await auditEvidence(ctx, subject);
    return {
      endpoint: evidence.endpoint,
      evidence: {
        summary: `${cracked}; no endpoint was found to show a forged token in use.`,
        exchanges: [evidence.exchange],
        facts,
      },
    };
  }
  const tokens = await forgeImpactTokens(
    subject.parsed,
    outcome.secretBytes ?? new Uint8Array(),
    impactHints(ctx, probe),
  );
  const identityTokens = tokens.filter((t) => t.variant.startsWith('identity='));
  const privilegeTokens = tokens.filter((t) => !t.variant.startsWith('identity='));
  const peers = identityTokens.length > 0 ? await peerAnswers(ctx, probe) : [];
  const impersonation = await tryTokens(ctx, probe, identityTokens, { peers });
  const privileged = await tryTokens(ctx, probe, privilegeTokens);
  const escalation = await escalate(ctx, probe, privilegeTokens);

  const proofs: string[] = [];
  const extra: Exchange[] = [];
  const accepted = impersonation.accepted ?? privileged.accepted;
  if (impersonation.accepted) {
    const a = impersonation.accepted;
    proofs.push(
      a.as === subject.identity.name
        ? `a forged token (${a.forged.variant}) was accepted on GET ${probe.path}`
        : `a forged token for another user (${a.forged.variant}) got ${a.as}'s data on GET ${probe.path}`,
    );
    facts['forged token accepted'] = a.forged.description;
  }
  if (privileged.accepted) {
    proofs.push(
      `a token with raised privileges (${privileged.accepted.forged.variant}) was accepted on GET ${probe.path}`,
    );
    facts['privilege token accepted'] = privileged.accepted.forged.description;
  }
  if (escalation) {
    proofs.push(
      `GET ${escalation.path}, refused to ${subject.identity.name} (${escalation.denied.response?.status}), returned ${escalation.privileged.identity}'s answer to a forged token (${escalation.accepted.forged.variant})`,
    );
    facts.escalation = `${escalation.accepted.forged.description} → GET ${escalation.path}`;
    const lastProbeProof = lastAccepted(impersonation, privileged);
    if (lastProbeProof) extra.push(lastProbeProof);
    return {
      endpoint: endpointRef(escalation.endpoint),
      evidence: {
        summary: `${cracked}; ${proofs.join('; ')}.`,
        exchanges: [escalation.denied, escalation.privileged, ...extra, escalation.accepted.exchange],
        facts,
      },
    };
  }
  if (accepted) {
    if (impersonation.accepted && privileged.accepted) extra.push(impersonation.accepted.exchange);
    const last =
      privileged.accepted && impersonation.accepted ? privileged.accepted.exchange : accepted.exchange;
    return {
      endpoint: endpointRef(probe.endpoint),
      evidence: {
        summary: `${cracked}; ${proofs.join('; ')}, while ${controlSentence(probe)}.`,
        exchanges: [probe.genuine, negativeControl(probe), ...extra, last],
        facts: { ...facts, 'token placement': where(subject) },
      },
    };
  }
  const tried = [...impersonation.sent, ...privileged.sent];
  return {
    endpoint: endpointRef(probe.endpoint),
    detail:
      "The secret reproduces the API's own signature, but the forged tokens sent were refused: the API may bind tokens to server-side state as well. The secret still lets anyone sign valid tokens.",
    evidence: {
      summary: `${cracked}; the forged tokens sent to GET ${probe.path} were refused.`,
      exchanges: [probe.genuine, ...tried.slice(-1)],
      facts,
    },
  };
}

function lastAccepted(...results: AttemptResult[]): Exchange | undefined {
  return results.map((r) => r.accepted?.exchange).find((e) => e !== undefined);
}

export default check;
