import type { ScanReport } from '../types.ts';
import { plain, type Style } from './style.ts';

/** One line per finding, aligned columns: for terminals and logs. */
export function renderTable(report: ScanReport, style: Style = plain): string {
  const rows = report.findings.map((f) => [
    f.severity,
    f.confidence,
    f.check,
    `${f.endpoint.method} ${f.endpoint.path}`,
    f.owasp,
    f.title,
  ]);
  const header = ['SEVERITY', 'CONFIDENCE', 'CHECK', 'ENDPOINT', 'OWASP', 'TITLE'];
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [
    `${report.target.url}  score ${report.score}/100  grade ${report.grade}`,
    style.bold(line(header)),
    ...rows.map((r, i) => style.severity(report.findings[i]!.severity, line(r))),
  ];
  return `${out.join('\n')}\n`;
}
