import { adjacentProbe } from '../../authz/adjacent.ts';
import { endpointRef } from '../../authz/judge.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Check } from '../../engine/context.ts';

/**
 * IDOR by enumeration (read-only): an identity that owns the object with a predictable id asks for
 * the neighbouring ids and receives other people's objects, while anonymous callers are refused.
 * Works with a single identity.
 */
const check: Check = {
  meta: {
    id: 'idor-adjacent-id',
    title: "Neighbouring object ids return other users' data (IDOR)",
    category: 'bola',
    severity: 'high',
    owasp: 'API1:2023',
    cwe: 'CWE-639',
    description:
      "Object ids are predictable and the API does not check ownership: changing one's own id by one returns another user's object.",
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
      'https://cwe.mitre.org/data/definitions/639.html',
    ],
    compliance: [PCI.accessByNeed, SOC2.authorization],
  },
  async run(ctx) {
    const { hits } = await adjacentProbe(ctx);
    return hits.map((h) => {
      const own = h.row.filled.owned[0]!;
      return {
        endpoint: endpointRef(h.row.endpoint),
        confidence: h.confirmed ? ('confirmed' as const) : ('likely' as const),
        evidence: {
          summary: `${h.row.owner.name} owns ${own.param}=${own.value}; asking for the adjacent id ${h.neighbour} (GET ${h.path}) returned ${h.exchange.response?.status} and ${h.reason}; anonymous callers got ${h.control.response?.status ?? 'no answer'}.`,
          exchanges: [h.row.ownerFetch, h.control, h.exchange],
          facts: { 'id shape': h.idClass.reason },
        },
      };
    });
  },
};

export default check;
