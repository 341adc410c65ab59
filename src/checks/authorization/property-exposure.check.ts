import { carriesData } from '../../analysis/compare.ts';
import { sensitiveFields } from '../../analysis/sensitive.ts';
import { endpointRef } from '../../authz/judge.ts';
import { authzProbe } from '../../authz/probe.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import type { Endpoint } from '../../inventory/types.ts';

/**
 * Excessive data exposure at property level: a read endpoint returns password hashes, plaintext
 * passwords or secrets (API keys, MFA seeds, refresh tokens) to the caller. Found in every answer
 * the authorization probe received, whoever the caller.
 */
const check: Check = {
  meta: {
    id: 'property-exposure',
    title: 'Response exposes credentials or secrets',
    category: 'property-authorization',
    severity: 'high',
    owasp: 'API3:2023',
    cwe: 'CWE-213',
    description:
      'The API serialises whole records, so responses carry properties no client should see: password hashes or plaintext passwords, secrets and keys.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
      'https://cwe.mitre.org/data/definitions/213.html',
    ],
    compliance: [PCI.authFactorsProtected, SOC2.logicalAccess],
  },
  async run(ctx) {
    const probe = await authzProbe(ctx);
    const answers: Array<{ endpoint: Endpoint; exchange: Exchange }> = [
      ...probe.objectRows.flatMap((r) =>
        [r.ownerFetch, ...r.replays.values()].map((exchange) => ({ endpoint: r.endpoint, exchange })),
      ),
      ...probe.plainRows.flatMap((r) =>
        [...r.fetches.values()].map((exchange) => ({ endpoint: r.endpoint, exchange })),
      ),
    ];
    const byEndpoint = new Map<Endpoint, { exchange: Exchange; fields: string[]; plaintext: boolean }>();
    for (const { endpoint, exchange } of answers) {
      if (byEndpoint.has(endpoint) || !carriesData(exchange.response)) continue;
      const found = sensitiveFields(exchange.response!.body).filter(
        (f) => f.kind === 'credential' || f.kind === 'secret',
      );
      if (found.length === 0) continue;
      const fields = [...new Set(found.map((f) => f.path.replace(/\[\d+\]/g, '[]')))];
      byEndpoint.set(endpoint, { exchange, fields, plaintext: plaintextPassword(exchange.response!.body) });
    }
    const drafts: FindingDraft[] = [];
    for (const [endpoint, { exchange, fields, plaintext }] of byEndpoint) {
      drafts.push({
        endpoint: endpointRef(endpoint),
        confidence: 'confirmed',
        severity: plaintext ? 'critical' : 'high',
        evidence: {
          summary: `GET ${new URL(exchange.request.url).pathname} as ${exchange.identity} returns ${fields.slice(0, 6).join(', ')}${plaintext ? ' (a plaintext password)' : ''}.`,
          exchanges: [exchange],
          facts: { fields: fields.join(', ') },
        },
      });
    }
    return drafts;
  },
};

/** A `password`-named field whose value is not a known hash format. */
function plaintextPassword(body: string): boolean {
  return /"(password|passwd|pwd)"\s*:\s*"(?!\$2[aby]\$|\$argon2|pbkdf2|\$[0-9a-z]+\$)[^"]{1,}"/i.test(body);
}

export default check;
