import { type Finding, SEVERITIES } from '../core/types.ts';
import type { ScanReport } from '../report/types.ts';

export interface FindingChange {
  before: Finding;
  after: Finding;
  /** e.g. "severity medium → high". */
  changes: string[];
  worse: boolean;
}

export interface ScanRef {
  target: string;
  startedAt: string;
  score: number;
  grade: string;
}

export interface ReportDiff {
  old: ScanRef;
  new: ScanRef;
  added: Finding[];
  fixed: Finding[];
  changed: FindingChange[];
  unchanged: number;
  scoreDelta: number;
  regression: boolean;
  /** Why it is a regression; empty when it is not. */
  reasons: string[];
}

const ref = (r: ScanReport): ScanRef => ({
  target: r.target.url,
  startedAt: r.startedAt,
  score: r.score,
  grade: r.grade,
});

const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);

/**
 * Findings are matched by id (check, method, path and variant hashed), which is stable across scans
 * of the same API. A regression is a new finding, a finding that got more severe, or a lower score. Pure.
 */
export function diffReports(before: ScanReport, after: ScanReport): ReportDiff {
  const oldById = new Map(before.findings.map((f) => [f.id, f]));
  const newById = new Map(after.findings.map((f) => [f.id, f]));
  const added = after.findings.filter((f) => !oldById.has(f.id));
  const fixed = before.findings.filter((f) => !newById.has(f.id));
  const changed: FindingChange[] = [];
  let unchanged = 0;
  for (const f of after.findings) {
    const old = oldById.get(f.id);
    if (!old) continue;
    const changes: string[] = [];
    if (old.severity !== f.severity) changes.push(`severity ${old.severity} → ${f.severity}`);
    if (old.confidence !== f.confidence) changes.push(`confidence ${old.confidence} → ${f.confidence}`);
    if (old.title !== f.title) changes.push(`title "${old.title}" → "${f.title}"`);
    if (changes.length === 0) unchanged++;
    else
      changed.push({
        before: old,
        after: f,
        changes,
        worse: rank(f) < rank(old) || (old.confidence === 'likely' && f.confidence === 'confirmed'),
      });
  }
  const scoreDelta = after.score - before.score;
  const reasons: string[] = [];
  if (added.length) reasons.push(`${added.length} new finding(s)`);
  const worse = changed.filter((c) => c.worse).length;
  if (worse) reasons.push(`${worse} finding(s) got worse`);
  if (scoreDelta < 0) reasons.push(`score dropped ${before.score} → ${after.score}`);
  return {
    old: ref(before),
    new: ref(after),
    added,
    fixed,
    changed,
    unchanged,
    scoreDelta,
    regression: reasons.length > 0,
    reasons,
  };
}
