import { carriesData } from '../../analysis/compare.ts';
import { adjacentProbe } from '../../authz/adjacent.ts';
import { endpointRef, leakingReplays } from '../../authz/judge.ts';
import { authzProbe } from '../../authz/probe.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { FindingDraft } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import { isCatchAll } from '../shared/baseline.ts';

/**
 * Predictable object identifiers (integers, counters, timestamps, time-based UUIDs). Medium when
 * they meet a missing ownership check on the same endpoint (another identity or a neighbouring id
 * reads the object), an informational note otherwise.
 */
const check: Check = {
  meta: {
    id: 'predictable-ids',
    title: 'Predictable object identifiers',
    category: 'bola',
    severity: 'medium',
    owasp: 'API1:2023',
    cwe: 'CWE-340',
    description:
      'Objects are addressed by identifiers an attacker can guess (sequential integers, short counters, timestamps, UUIDv1). On their own they only make enumeration cheap; combined with a missing ownership check they expose every object.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
      'https://cwe.mitre.org/data/definitions/340.html',
    ],
    compliance: [PCI.secureCoding, SOC2.authorization],
  },
  async run(ctx) {
    const probe = await authzProbe(ctx);
    const { predictable, hits } = await adjacentProbe(ctx);
    const drafts: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const { row, idClass } of predictable) {
      const key = `${row.endpoint.method} ${row.endpoint.path}`;
      if (seen.has(key) || !carriesData(row.ownerFetch.response)) continue;
      if (await isCatchAll(ctx, row.ownerFetch.response)) continue;
      seen.add(key);
      const own = row.filled.owned[0]!;
      const adjacent = hits.find((h) => h.row.endpoint === row.endpoint);
      const replayed = probe.objectRows.find(
        (r) => r.endpoint === row.endpoint && leakingReplays(probe, r).length > 0,
      );
      const exploited = adjacent ?? replayed;
      drafts.push({
        endpoint: endpointRef(row.endpoint),
        confidence: 'confirmed',
        severity: exploited ? 'medium' : 'info',
        evidence: {
          summary: exploited
            ? `${own.param}=${own.value} is ${idClass.reason}, and the endpoint does not check ownership (${adjacent ? `the adjacent id ${adjacent.neighbour} returned another object` : 'another identity read the object'}): every object can be enumerated.`
            : `${own.param}=${own.value} is ${idClass.reason}; ownership appears to be enforced, so this only makes enumeration cheap.`,
          exchanges: adjacent ? [row.ownerFetch, adjacent.exchange] : [row.ownerFetch],
          facts: { 'id kind': idClass.kind },
        },
      });
    }
    return drafts;
  },
};

export default check;
