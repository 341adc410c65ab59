import { SEVERITIES, type Severity } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';
import type { RenderOptions } from './index.ts';

/** Escapes text for HTML and XML element content and double-quoted attributes. */
export function escapeXml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML 1.0 forbids most C0 controls even when escaped; evidence bodies can contain them.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  );
}

export function atOrAbove(severity: Severity, limit: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(limit);
}

export function severityCounts(report: ScanReport): Array<[Severity, number]> {
  return SEVERITIES.map(
    (s) => [s, report.findings.filter((f) => f.severity === s).length] as [Severity, number],
  ).filter(([, n]) => n > 0);
}

export interface GateVerdict {
  passed: boolean;
  reasons: string[];
}

/** The same gate as the CLI's exit code, described for people: undefined when no gate is set. Pure. */
export function gateVerdict(report: ScanReport, options: RenderOptions): GateVerdict | undefined {
  if (options.threshold === undefined && options.failOn === undefined) return undefined;
  const reasons: string[] = [];
  if (options.threshold !== undefined && report.score < options.threshold) {
    reasons.push(`score ${report.score} is below the threshold ${options.threshold}`);
  }
  if (options.failOn !== undefined) {
    const limit = options.failOn;
    const hits = report.findings.filter((f) => atOrAbove(f.severity, limit)).length;
    if (hits > 0) reasons.push(`${hits} finding(s) at or above ${limit}`);
  }
  return { passed: reasons.length === 0, reasons };
}

export function endpointLabel(endpoint: { method: string; path: string }): string {
  return `${endpoint.method} ${endpoint.path}`;
}
