import { createHash } from 'node:crypto';
import {
  type Exchange,
  type Finding,
  type FindingDraft,
  SEVERITIES,
  type StackFingerprint,
} from '../core/types.ts';
import type { Check } from '../engine/context.ts';
import { remediationFor } from '../remediation/index.ts';
import { toCurl } from './curl.ts';

/** Completes a check's draft with the check's metadata, curl reproductions and stack-specific remediation. */
export function completeFinding(check: Check, draft: FindingDraft, stack: StackFingerprint): Finding {
  const { meta } = check;
  const id = createHash('sha256')
    .update([meta.id, draft.endpoint.method, draft.endpoint.path, draft.variant ?? ''].join('|'))
    .digest('hex')
    .slice(0, 12);
  const finding: Finding = {
    id,
    check: meta.id,
    title: draft.title ?? meta.title,
    severity: draft.severity ?? meta.severity,
    confidence: draft.confidence ?? 'confirmed',
    category: meta.category,
    owasp: meta.owasp,
    cwe: meta.cwe,
    compliance: meta.compliance,
    endpoint: draft.endpoint,
    description: meta.description,
    evidence: {
      ...draft.evidence,
      exchanges: draft.evidence.exchanges.map(excerpt),
      curl: draft.evidence.curl ?? draft.evidence.exchanges.map((e) => toCurl(e.request)),
    },
    remediation: remediationFor(meta.id, stack),
    references: meta.references,
  };
  if (draft.detail !== undefined) finding.detail = draft.detail;
  return finding;
}

/** Bodies in a report are excerpts: enough to see the proof, not a copy of the API's data. */
export const EVIDENCE_BODY_CHARS = 4096;

function excerpt(exchange: Exchange): Exchange {
  const response = exchange.response;
  if (!response || response.body.length <= EVIDENCE_BODY_CHARS) return exchange;
  return {
    ...exchange,
    response: { ...response, body: `${response.body.slice(0, EVIDENCE_BODY_CHARS)}…`, truncated: true },
  };
}

const CONFIDENCE_ORDER = { confirmed: 0, likely: 1 } as const;

/** Severity first, then confidence, then check id and endpoint: a stable order for every format. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence] ||
    a.check.localeCompare(b.check) ||
    a.endpoint.path.localeCompare(b.endpoint.path) ||
    a.endpoint.method.localeCompare(b.endpoint.method) ||
    a.id.localeCompare(b.id)
  );
}
