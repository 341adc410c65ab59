import { carriesData, verdict } from '../../analysis/compare.ts';
import {
  anonymousGetsIt,
  endpointRef,
  foreignRecordAnchors,
  leakingReplays,
  ownershipOf,
  regularIdentities,
  replayHit,
  sharesCredential,
} from '../../authz/judge.ts';
import { cellState } from '../../authz/matrix.ts';
import { isPrivilegedEndpoint } from '../../authz/privileged.ts';
import { type AuthzProbe, authzProbe, type ObjectRow } from '../../authz/probe.ts';
import { bypassVariants } from '../../authz/variants.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft } from '../../core/types.ts';
import type { Check, CheckContext } from '../../engine/context.ts';
import { isCatchAll } from '../shared/baseline.ts';

/**
 * Broken object level authorization, proven by cross-identity replay: identity A's request for its
 * own object, re-sent with identity B's credentials (token substitution), returns A's private
 * data while the anonymous control is refused. Also encoded/traversal/duplicated-parameter
 * spellings of A's id when the plain replay is refused, and A's records in B's listings.
 */
const check: Check = {
  meta: {
    id: 'bola',
    title: "Another user's object is readable (BOLA/IDOR)",
    category: 'bola',
    severity: 'high',
    owasp: 'API1:2023',
    cwe: 'CWE-639',
    description:
      "An authenticated user can read objects that belong to another user by presenting their own credentials with the other user's object id: the API checks who the caller is but not whether the object is theirs.",
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
      'https://cwe.mitre.org/data/definitions/639.html',
    ],
    compliance: [PCI.accessByNeed, SOC2.authorization],
  },
  async run(ctx) {
    const probe = await authzProbe(ctx);
    const drafts: FindingDraft[] = [];
    const byEndpoint = new Map<ObjectRow['endpoint'], FindingDraft[]>();
    for (const row of probe.objectRows) {
      const d = await judgeReplay(ctx, probe, row);
      if (d) byEndpoint.set(row.endpoint, [...(byEndpoint.get(row.endpoint) ?? []), d]);
    }
    for (const group of byEndpoint.values()) drafts.push(mergeOwners(group));
    drafts.push(...(await bypasses(ctx, probe)));
    drafts.push(...(await listings(ctx, probe)));
    return drafts;
  },
};

async function judgeReplay(
  ctx: CheckContext,
  probe: AuthzProbe,
  row: ObjectRow,
): Promise<FindingDraft | undefined> {
  const hits = leakingReplays(probe, row);
  if (hits.length === 0 || (await isCatchAll(ctx, row.ownerFetch.response))) return undefined;
  const first =
    hits.find((h) => h.confirmed && !h.caller.anonymous) ?? hits.find((h) => h.confirmed) ?? hits[0]!;
  const anon = row.replays.get(probe.anonymous.name);
  const callers = hits.map((h) => h.caller.name);
  const anonReads = hits.some((h) => h.caller.anonymous);
  const replayers = hits.filter((h) => !h.caller.anonymous).map((h) => h.caller.name);
  const facts: Record<string, string> = {
    owner: row.owner.name,
    'object parameters': row.filled.owned
      .map((o) => `${o.param}=${o.value} (${row.owner.name}'s ${o.marker})`)
      .join(', '),
    'readable by': callers.join(', '),
    'anonymous control': `${anon?.response?.status ?? 'no answer'} (${anon ? cellState(anon, row.ownerFetch) : 'n/a'})`,
  };
  if (first.anchors.length) facts['owner markers in the answer'] = first.anchors.join(', ');
  const sharing = hits.filter((h) => sharesCredential(h.caller, row.owner)).map((h) => h.caller.name);
  if (sharing.length)
    facts['shared credential'] =
      `${sharing.join(', ')} present the same credential as ${row.owner.name}: the API issues one token to everyone, so it cannot tell users apart`;
  return {
    endpoint: endpointRef(row.endpoint),
    confidence: first.confirmed ? 'confirmed' : 'likely',
    severity: hits.some((h) => h.critical) ? 'critical' : 'high',
    evidence: {
      summary: `${replayers.length ? `${replayers.join(' and ')} replayed ${row.owner.name}'s request GET ${row.filled.path} with ${replayers.length > 1 ? 'their' : 'its'} own credentials and got ${row.owner.name}'s data (${first.exchange.response?.status}); ` : `GET ${row.filled.path} names ${row.owner.name}'s object; `}${anonReads ? 'anonymous callers get it too, although the API otherwise requires authentication (authentication is missing here as well)' : `the anonymous control got ${anon?.response?.status ?? 'no answer'}`}.`,
      exchanges: [row.ownerFetch, ...(anon && anon !== first.exchange ? [anon] : []), first.exchange],
      facts,
    },
  };
}

/** One finding per endpoint: the first proof, with every owner → reader pair in the facts. */
function mergeOwners(group: FindingDraft[]): FindingDraft {
  const confirmed = group.find((d) => d.confidence === 'confirmed');
  const first = confirmed ?? group[0]!;
  if (group.length === 1) return first;
  const pairs = group
    .map((d) => `${d.evidence.facts?.['readable by']} → ${d.evidence.facts?.owner}'s object`)
    .join('; ');
  return {
    ...first,
    ...(group.some((d) => d.severity === 'critical') ? { severity: 'critical' as const } : {}),
    evidence: { ...first.evidence, facts: { ...first.evidence.facts, 'all readers → owners': pairs } },
  };
}

/** When the plain replay is refused: encoded, traversal, duplicated-parameter and re-typed ids. */
async function bypasses(ctx: CheckContext, probe: AuthzProbe): Promise<FindingDraft[]> {
  const drafts: FindingDraft[] = [];
  for (const row of probe.objectRows) {
    if (!carriesData(row.ownerFetch.response) || anonymousGetsIt(row, probe.anonymous)) continue;
    const caller = regularIdentities(probe.principals).find(
      (p) => p !== row.owner && verdict(row.replays.get(p.name)?.response) !== 'allowed',
    );
    if (!caller) continue;
    const callerRow = probe.objectRows.find((r) => r.endpoint === row.endpoint && r.owner === caller);
    for (const variant of bypassVariants(row.endpoint, row.filled, callerRow?.filled)) {
      const attempt = await ctx.http.send(
        { method: 'GET', url: variant.path },
        { identity: caller.view, label: `${caller.name}: ${variant.label}` },
      );
      if (cellState(attempt, row.ownerFetch) !== 'same-data' && verdict(attempt.response) !== 'allowed')
        continue;
      const hit = replayHit(attempt, row.owner, caller);
      if (!hit || ownershipOf(attempt, row.owner, caller).anchors.length === 0) continue;
      const control = await ctx.http.send(
        { method: 'GET', url: variant.path },
        { label: `control: anonymous ${variant.label}` },
      );
      if (verdict(control.response) === 'allowed' && ownershipOf(control, row.owner).anchors.length > 0)
        continue;
      const refused = row.replays.get(caller.name)!;
      drafts.push({
        endpoint: endpointRef(row.endpoint),
        variant: variant.kind,
        confidence: hit.confirmed ? 'confirmed' : 'likely',
        severity: hit.critical ? 'critical' : 'high',
        title: `Ownership check bypassed with ${variant.kind}`,
        evidence: {
          summary: `${caller.name} is refused ${row.owner.name}'s object at GET ${row.filled.path} (${refused.response?.status}) but gets it through ${variant.label} (GET ${variant.path} → ${attempt.response?.status}).`,
          exchanges: [row.ownerFetch, refused, control, attempt],
          facts: {
            owner: row.owner.name,
            caller: caller.name,
            'owner markers in the answer': hit.anchors.join(', '),
          },
        },
      });
      break;
    }
  }
  return drafts;
}

/** Another identity's records (its email, or ids it owns) inside a regular user's listing. */
async function listings(ctx: CheckContext, probe: AuthzProbe): Promise<FindingDraft[]> {
  const drafts: FindingDraft[] = [];
  const identities = probe.principals.filter((p) => !p.anonymous);
  for (const row of probe.plainRows) {
    if (isPrivilegedEndpoint(row.endpoint)) continue;
    const anon = row.fetches.get(probe.anonymous.name);
    for (const caller of regularIdentities(probe.principals)) {
      const answer = row.fetches.get(caller.name);
      const r = answer?.response;
      if (!answer || !carriesData(r) || (await isCatchAll(ctx, r))) continue;
      const found = identities
        .filter((o) => o !== caller)
        .map((o) => ({ owner: o, anchors: foreignRecordAnchors(r!.body, o, caller) }))
        .filter((x) => x.anchors.length > 0);
      if (found.length === 0) continue;
      const anonLeaks =
        anon?.response &&
        carriesData(anon.response) &&
        found.some((f) => foreignRecordAnchors(anon.response!.body, f.owner, caller).length > 0);
      if (anonLeaks) continue;
      const confirmed = found.some((f) => f.anchors.some((a) => a.private));
      drafts.push({
        endpoint: endpointRef(row.endpoint),
        variant: 'listing',
        confidence: confirmed ? 'confirmed' : 'likely',
        title: "Another user's records appear in a listing",
        evidence: {
          summary: `GET ${row.path} as ${caller.name} returns records of ${found.map((f) => f.owner.name).join(', ')} (${found
            .flatMap((f) => f.anchors.map((a) => `${f.owner.name}'s ${a.marker} at ${a.paths[0] ?? 'body'}`))
            .slice(0, 4)
            .join('; ')}); the anonymous control got ${anon?.response?.status ?? 'no answer'}.`,
          exchanges: [...(anon ? [anon] : []), answer],
        },
      });
      break;
    }
  }
  return drafts;
}

export default check;
