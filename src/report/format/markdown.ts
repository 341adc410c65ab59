import { asAuthzMatrix } from '../../authz/render.ts';
import type { Finding } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';
import type { RenderOptions } from './index.ts';
import { endpointLabel, gateVerdict, severityCounts } from './text.ts';

/** Marks an apiward comment so a bot can find and update it instead of posting a new one. */
export const MARKDOWN_MARKER = '<!-- apiward-report -->';

const ICON: Record<string, string> = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵', info: '⚪' };

/** GitHub-flavoured Markdown for pull-request comments and job summaries. Pure. */
export function renderMarkdown(report: ScanReport, options: RenderOptions = {}): string {
  const out: string[] = [MARKDOWN_MARKER];
  out.push(`## apiward: grade ${report.grade} (${report.score}/100)`, '');
  const counts = severityCounts(report)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  out.push(
    `**Target** \`${code(report.target.url)}\` · ${report.target.endpoints} endpoint(s) · ${report.requestsSent} requests · ${(report.durationMs / 1000).toFixed(1)} s · **${report.findings.length} finding(s)**${counts ? ` (${counts})` : ''}`,
  );
  const gate = gateVerdict(report, options);
  if (gate) {
    out.push(
      '',
      gate.passed ? '**Gate: ✅ PASS**' : `**Gate: ❌ FAIL** — ${gate.reasons.map(cell).join('; ')}`,
    );
  }
  if (!report.complete) out.push('', '> ⚠️ The scan did not finish (deadline or request budget reached).');
  for (const w of report.warnings) out.push('', `> ⚠️ ${cell(w)}`);
  for (const e of report.checkErrors)
    out.push('', `> ⚠️ check \`${code(e.check)}\` did not finish: ${cell(e.message)}`);

  out.push('', '| Category | Score | |', '| --- | ---: | --- |');
  for (const c of report.categories) {
    out.push(
      `| ${c.category} | ${c.score} | ${bar(c.score)}${c.findings ? ` ${c.findings} finding(s)` : ''} |`,
    );
  }

  if (report.findings.length === 0) {
    out.push('', 'No findings.', ...matrix(report));
    return `${out.join('\n')}\n`;
  }
  out.push(
    '',
    '### Findings',
    '',
    '| Severity | Finding | Endpoint | OWASP | Check |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const f of report.findings) {
    out.push(
      `| ${ICON[f.severity]} ${f.severity} | ${cell(f.title)}${f.confidence === 'likely' ? ' (likely)' : ''} | \`${code(endpointLabel(f.endpoint))}\` | ${f.owasp} | \`${f.check}\` |`,
    );
  }
  out.push('');
  for (const f of report.findings) out.push(...details(f));
  out.push(...matrix(report));
  return `${out.join('\n')}\n`;
}

/** The authorization matrix, folded: who could read what. */
function matrix(report: ScanReport): string[] {
  const m = asAuthzMatrix(report.sections?.authorizationMatrix);
  if (!m || m.rows.length === 0) return [];
  const names = m.identities.map((i) => i.name);
  const out = [
    '',
    '<details>',
    '<summary>Authorization matrix</summary>',
    '',
    `| Endpoint | Owner | ${names.map(cell).join(' | ')} |`,
    `| --- | --- | ${names.map(() => '---').join(' | ')} |`,
  ];
  for (const r of m.rows) {
    const cells = names.map((n) => {
      const c = r.cells[n];
      if (!c) return '–';
      const text = `${c.state}${c.status !== undefined && c.state !== 'not-found' ? ` ${c.status}` : ''}`;
      return c.state === 'same-data' && !c.byDesign ? `**❗ ${text}**` : text;
    });
    out.push(`| \`${code(`${r.method} ${r.url}`)}\` | ${cell(r.owner ?? '–')} | ${cells.join(' | ')} |`);
  }
  out.push('', '</details>', '');
  return out;
}

function details(f: Finding): string[] {
  const out = [
    '<details>',
    `<summary>${ICON[f.severity]} <b>${html(f.title)}</b> — <code>${html(endpointLabel(f.endpoint))}</code> (${f.id})</summary>`,
    '',
    f.evidence.summary,
  ];
  if (f.detail) out.push('', f.detail);
  const facts = Object.entries(f.evidence.facts ?? {});
  if (facts.length) out.push('', ...facts.map(([k, v]) => `- **${k}**: ${v}`));
  const curl = f.evidence.curl?.[f.evidence.curl.length - 1];
  if (curl) out.push('', 'Reproduce:', '', fence('sh', curl));
  out.push('', `**Fix (${f.remediation.variant}):** ${f.remediation.summary}`);
  if (f.remediation.steps.length) out.push('', ...f.remediation.steps.map((s, i) => `${i + 1}. ${s}`));
  if (f.remediation.code)
    out.push('', fence(f.remediation.code.language, f.remediation.code.source.trimEnd()));
  out.push('', `${f.owasp} · ${f.cwe} · \`${f.check}\``, '', '</details>', '');
  return out;
}

function bar(score: number): string {
  const filled = Math.round(score / 10);
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

/** Text inside a table cell: no pipes, no line breaks. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(s: string): string {
  return cell(s).replace(/`/g, "'");
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fence longer than any backtick run inside the text, so evidence cannot close it early. */
function fence(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}
