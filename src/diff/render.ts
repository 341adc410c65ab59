import type { Finding } from '../core/types.ts';
import type { ReportDiff } from './diff.ts';

export const DIFF_FORMATS = ['summary', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const line = (f: Finding) =>
  `${f.severity.toUpperCase()} ${f.title} — ${f.endpoint.method} ${f.endpoint.path} (${f.check}, ${f.id})`;

/** Text for terminals, Markdown for pull requests, JSON for scripts. Pure. */
export function renderDiff(diff: ReportDiff, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  const md = format === 'markdown';
  const sign = diff.scoreDelta > 0 ? '+' : '';
  const score = `${diff.old.score} → ${diff.new.score} (${sign}${diff.scoreDelta}) · grade ${diff.old.grade} → ${diff.new.grade}`;
  const counts = `${diff.added.length} new · ${diff.fixed.length} fixed · ${diff.changed.length} changed · ${diff.unchanged} unchanged`;
  const verdict = diff.regression
    ? `${md ? '**❌ Regression:**' : 'REGRESSION:'} ${diff.reasons.join('; ')}`
    : md
      ? '**✅ No regression**'
      : 'No regression.';
  const out = md
    ? ['## apiward: scan comparison', '', `**Score** ${score}`, '', counts, '', verdict]
    : ['apiward diff', `Score ${score}`, counts, verdict];
  const section = (title: string, items: string[]) => {
    if (!items.length) return;
    out.push(
      '',
      md ? `### ${title}` : `${title}:`,
      ...(md ? [''] : []),
      ...items.map((i) => (md ? `- ${i}` : `  ${i}`)),
    );
  };
  section('New', diff.added.map(line));
  section('Fixed', diff.fixed.map(line));
  section(
    'Changed',
    diff.changed.map((c) => `${line(c.after)}: ${c.changes.join(', ')}`),
  );
  return `${out.join('\n')}\n`;
}
