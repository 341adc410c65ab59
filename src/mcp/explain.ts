import type { Finding, StackFingerprint } from '../core/types.ts';
import { loadRemediations, remediationFor, variantName } from '../remediation/index.ts';
import type { ScanReport } from '../report/types.ts';

export interface StackOverride {
  framework?: string;
  datastore?: string;
  language?: string;
}

/** A finding explained for an assistant: what, where, the proof, and the fix for the given stack. Pure but for the remediation data. */
export function explainFinding(report: ScanReport, finding: Finding, override: StackOverride = {}): string {
  const stack: StackFingerprint = { ...report.fingerprint, ...override };
  const fix = remediationFor(finding.check, stack);
  const variants = (loadRemediations().get(finding.check)?.variants ?? []).map(variantName);
  const stackText =
    [stack.framework, stack.datastore, stack.language].filter(Boolean).join(', ') || 'not identified';
  const out = [
    `[${finding.severity.toUpperCase()}] ${finding.title} (${finding.confidence})`,
    `Endpoint: ${finding.endpoint.method} ${finding.endpoint.path}`,
    `Check: ${finding.check} · ${finding.category} · ${finding.owasp} · ${finding.cwe} · finding id ${finding.id}`,
    '',
    finding.description,
    '',
    `Evidence: ${finding.evidence.summary}`,
  ];
  if (finding.detail) out.push(finding.detail);
  for (const [k, v] of Object.entries(finding.evidence.facts ?? {})) out.push(`- ${k}: ${v}`);
  for (const e of finding.evidence.exchanges) {
    out.push(
      `- #${e.id} ${e.label} (as ${e.identity}): ${e.request.method} ${e.request.url} → ${e.response ? `HTTP ${e.response.status}` : `no response (${e.error ?? 'error'})`}`,
    );
  }
  const curl = finding.evidence.curl ?? [];
  if (curl.length) out.push('', 'Reproduce:', ...curl.map((c) => `  ${c}`));
  out.push('', `Stack: ${stackText}`, `Fix (${fix.variant} variant): ${fix.summary}`);
  out.push(...fix.steps.map((s, i) => `${i + 1}. ${s}`));
  if (fix.code) out.push('', `\`\`\`${fix.code.language}`, fix.code.source.trimEnd(), '```');
  if (variants.length > 1) out.push('', `Other stack variants available: ${variants.join(', ')}`);
  if (finding.references.length) out.push('', 'References:', ...finding.references.map((r) => `- ${r}`));
  if (finding.compliance.length) {
    out.push('', `Compliance: ${finding.compliance.map((c) => `${c.framework} ${c.control}`).join('; ')}`);
  }
  return out.join('\n');
}
