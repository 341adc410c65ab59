import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diffReports } from '../../src/diff/diff.ts';
import { renderDiff } from '../../src/diff/render.ts';
import { scoreFindings } from '../../src/report/score.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { demoReport } from '../report/fixture.ts';

let report: ScanReport;
before(async () => {
  report = await demoReport();
});

/** The same report with other findings, scored as the engine would. */
function withFindings(findings: ScanReport['findings']): ScanReport {
  const s = scoreFindings(findings);
  return { ...report, findings, score: s.score, grade: s.grade, categories: s.categories };
}

describe('diff of two reports', () => {
  it('is empty and not a regression for the same scan', () => {
    const d = diffReports(report, report);
    assert.deepEqual([d.added.length, d.fixed.length, d.changed.length], [0, 0, 0]);
    assert.equal(d.unchanged, report.findings.length);
    assert.equal(d.regression, false);
  });

  it('finds fixed findings and a better score: no regression', () => {
    const [gone, ...rest] = report.findings;
    const d = diffReports(report, withFindings(rest));
    assert.deepEqual(
      d.fixed.map((f) => f.id),
      [gone!.id],
    );
    assert.ok(d.scoreDelta >= 0);
    assert.equal(d.regression, false);
    assert.match(renderDiff(d, 'summary'), /Fixed:\n {2}HIGH /);
  });

  it('calls new findings, worse severity and a lower score a regression', () => {
    const auth = report.findings.filter((f) => f.category === 'authentication');
    const older = withFindings(report.findings.filter((f) => f.category !== 'authentication'));
    const d = diffReports(older, report);
    assert.deepEqual(
      d.added.map((f) => f.id),
      auth.map((f) => f.id),
    );
    assert.ok(d.scoreDelta < 0);
    assert.ok(d.regression);
    assert.match(d.reasons.join(';'), new RegExp(`${auth.length} new finding`));
    assert.match(d.reasons.join(';'), /score dropped/);

    const low = report.findings.find((f) => f.severity === 'low')!;
    const worse = withFindings(
      report.findings.map((f) => (f.id === low.id ? { ...f, severity: 'critical' } : f)),
    );
    const d2 = diffReports(report, worse);
    assert.equal(d2.changed.length, 1);
    assert.deepEqual(d2.changed[0]!.changes, ['severity low → critical']);
    assert.ok(d2.regression);
    assert.match(renderDiff(d2, 'markdown'), /\*\*❌ Regression:\*\*/);
    assert.equal(JSON.parse(renderDiff(d2, 'json')).changed.length, 1);
  });
});
