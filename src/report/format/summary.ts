import { renderAuthzMatrix } from '../../authz/render.ts';
import { SEVERITIES } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';
import { plain, type Style } from './style.ts';

/** The human report: grade, categories, then each finding with its proof and fix. */
export function renderSummary(report: ScanReport, style: Style = plain): string {
  const out: string[] = [];
  const counts = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => style.severity(s, `${n} ${s}`));
  out.push(style.bold(`apiward ${report.tool.version} — ${report.target.url}`));
  out.push(
    `Score ${style.bold(`${report.score}/100`)}  Grade ${style.bold(report.grade)}  ·  ${report.findings.length} finding(s)${counts.length ? ` (${counts.join(', ')})` : ''}`,
  );
  out.push(
    style.dim(
      `${report.target.endpoints} endpoint(s)${report.target.spec ? ` from ${report.target.spec}` : ''} · ${report.requestsSent} requests · ${(report.durationMs / 1000).toFixed(1)} s${stackLine(report)}`,
    ),
  );
  const weak = report.categories.filter((c) => c.score < 100);
  if (weak.length) out.push(`Categories: ${weak.map((c) => `${c.category} ${c.score}`).join(' · ')}`);
  for (const w of report.warnings) out.push(style.dim(`! ${w}`));
  for (const e of report.checkErrors) out.push(style.dim(`! check ${e.check} did not finish: ${e.message}`));
  for (const f of report.findings) {
    out.push('');
    out.push(
      `${style.severity(f.severity, f.severity.toUpperCase().padEnd(8))} ${style.bold(f.title)}${f.confidence === 'likely' ? style.dim(' (likely)') : ''}`,
    );
    out.push(`         ${f.endpoint.method} ${f.endpoint.path} · ${f.check} · ${f.owasp} · ${f.cwe}`);
    out.push(`         ${f.evidence.summary}`);
    if (f.detail) out.push(style.dim(`         ${f.detail}`));
    for (const [k, v] of Object.entries(f.evidence.facts ?? {})) out.push(style.dim(`         ${k}: ${v}`));
    const curl = f.evidence.curl?.[f.evidence.curl.length - 1];
    if (curl) out.push(style.dim(`         reproduce: ${curl}`));
    out.push(`         fix (${f.remediation.variant}): ${f.remediation.summary}`);
  }
  if (report.findings.length === 0) out.push('', 'No findings.');
  const matrix = renderAuthzMatrix(report.sections?.authorizationMatrix, style);
  if (matrix) out.push('', matrix.trimEnd());
  return `${out.join('\n')}\n`;
}

function stackLine(report: ScanReport): string {
  const { framework, datastore, server } = report.fingerprint;
  const parts = [framework, datastore, server].filter(Boolean);
  return parts.length ? ` · stack: ${parts.join(', ')}` : '';
}
