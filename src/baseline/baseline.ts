import type { Finding } from '../core/types.ts';
import { scoreFindings } from '../report/score.ts';
import type { ScanReport } from '../report/types.ts';

/** One accepted finding (by id) or a family of them (by check, optionally on one endpoint). */
export interface Suppression {
  finding?: string;
  check?: string;
  /** "METHOD /path" as the report names it; omitted = every endpoint. */
  endpoint?: string;
  reason: string;
  /** YYYY-MM-DD (valid through that day, UTC) or a full ISO timestamp. */
  expires?: string;
}

export interface Baseline {
  version: 1;
  suppressions: Suppression[];
}

export interface Matched {
  finding: Finding;
  suppression: Suppression;
}

export interface BaselineOutcome {
  /** The report with suppressed findings removed, the score recomputed and the outcome noted. */
  report: ScanReport;
  suppressed: Matched[];
  /** Findings whose suppression has expired: they stay in the report and say so. */
  expired: Matched[];
  /** Suppressions that matched nothing in this scan (fixed, or the API changed). */
  unused: Suppression[];
}

export function matches(s: Suppression, f: Finding): boolean {
  if (s.finding !== undefined) return s.finding === f.id;
  if (s.check !== f.check) return false;
  return (
    s.endpoint === undefined || normaliseEndpoint(s.endpoint) === `${f.endpoint.method} ${f.endpoint.path}`
  );
}

export function expiryInstant(expires: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T23:59:59.999Z`) : Date.parse(expires);
}

export function isExpired(s: Suppression, now: Date): boolean {
  return s.expires !== undefined && expiryInstant(s.expires) < now.getTime();
}

/** Applies a baseline to a report: only what is new (or whose acceptance expired) remains. Pure. */
export function applyBaseline(
  report: ScanReport,
  baseline: Baseline,
  now: Date,
  source = 'baseline',
): BaselineOutcome {
  const suppressed: Matched[] = [];
  const expired: Matched[] = [];
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  for (const f of report.findings) {
    const all = baseline.suppressions.filter((s) => matches(s, f));
    for (const s of all) used.add(s);
    const active = all.find((s) => !isExpired(s, now));
    if (active) {
      suppressed.push({ finding: f, suppression: active });
      continue;
    }
    const lapsed = all[0];
    if (lapsed) {
      expired.push({ finding: f, suppression: lapsed });
      const note = `Suppression expired on ${lapsed.expires} (accepted because: ${lapsed.reason}).`;
      kept.push({ ...f, detail: f.detail ? `${f.detail} ${note}` : note });
    } else {
      kept.push(f);
    }
  }
  const unused = baseline.suppressions.filter((s) => !used.has(s));
  const score = scoreFindings(kept);
  const warnings = [...report.warnings];
  if (suppressed.length) {
    warnings.push(
      `${suppressed.length} finding(s) suppressed by ${source} (score with them: ${report.score}, grade ${report.grade})`,
    );
  }
  for (const { finding, suppression } of expired) {
    warnings.push(
      `suppression for ${finding.check} on ${finding.endpoint.method} ${finding.endpoint.path} (${finding.id}) expired on ${suppression.expires}: reported again`,
    );
  }
  const describe = ({ finding, suppression }: Matched) => ({
    finding: finding.id,
    check: finding.check,
    endpoint: `${finding.endpoint.method} ${finding.endpoint.path}`,
    title: finding.title,
    severity: finding.severity,
    reason: suppression.reason,
    ...(suppression.expires ? { expires: suppression.expires } : {}),
  });
  return {
    report: {
      ...report,
      findings: kept,
      score: score.score,
      grade: score.grade,
      categories: score.categories,
      warnings,
      sections: {
        ...report.sections,
        baseline: {
          source,
          suppressed: suppressed.map(describe),
          expired: expired.map(describe),
          unused: unused.length,
        },
      },
    },
    suppressed,
    expired,
    unused,
  };
}

/** Accepts every finding of a report, for a first baseline. Pure. */
export function baselineFromReport(report: ScanReport, reason: string, expires?: string): Baseline {
  return {
    version: 1,
    suppressions: report.findings.map((f) => ({
      finding: f.id,
      check: f.check,
      endpoint: `${f.endpoint.method} ${f.endpoint.path}`,
      reason,
      ...(expires ? { expires } : {}),
    })),
  };
}

function normaliseEndpoint(s: string): string {
  const [method = '', ...rest] = s.trim().split(/\s+/);
  return `${method.toUpperCase()} ${rest.join(' ')}`;
}
