import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyBaseline, type Baseline, baselineFromReport } from '../../src/baseline/baseline.ts';
import { loadBaseline, writeBaseline } from '../../src/baseline/load.ts';
import { ApiwardError } from '../../src/core/errors.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport } from '../helpers/report.ts';
import { demoReport } from '../report/fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'apiward-baseline-'));
let report: ScanReport;
before(async () => {
  report = await demoReport();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-06-15T12:00:00Z');

describe('baselines and suppressions', () => {
  it('a baseline of the whole scan leaves nothing new, and the score recovers', () => {
    const out = applyBaseline(report, baselineFromReport(report, 'accepted for the demo'), NOW);
    assert.equal(out.report.findings.length, 0);
    assert.equal(out.suppressed.length, report.findings.length);
    assert.equal(out.report.score, 100);
    assert.ok(out.report.warnings.some((w) => w.includes(`score with them: ${report.score}`)));
    assertValidReport(out.report);
  });

  it('reports only findings not in the baseline', () => {
    const [kept, ...accepted] = report.findings;
    const baseline: Baseline = {
      version: 1,
      suppressions: accepted.map((f) => ({ finding: f.id, reason: 'known' })),
    };
    const out = applyBaseline(report, baseline, NOW);
    assert.deepEqual(
      out.report.findings.map((f) => f.id),
      [kept!.id],
    );
  });

  it('matches a whole check, or a check on one endpoint', () => {
    const f = report.findings.find((x) => x.check === 'security-headers')!;
    const byCheck = applyBaseline(
      report,
      { version: 1, suppressions: [{ check: f.check, reason: 'r' }] },
      NOW,
    );
    assert.ok(byCheck.report.findings.every((x) => x.check !== f.check));
    const byEndpoint = applyBaseline(
      report,
      { version: 1, suppressions: [{ check: f.check, endpoint: 'GET /elsewhere', reason: 'r' }] },
      NOW,
    );
    assert.equal(byEndpoint.suppressed.length, 0);
    assert.equal(byEndpoint.unused.length, 1);
  });

  it('brings expired suppressions back and says so; the expiry day itself still counts', () => {
    const f = report.findings[0]!;
    const lapsed = applyBaseline(
      report,
      { version: 1, suppressions: [{ finding: f.id, reason: 'fix due in Q2', expires: '2026-06-14' }] },
      NOW,
    );
    const back = lapsed.report.findings.find((x) => x.id === f.id)!;
    assert.ok(back, 'the finding is reported again');
    assert.match(back.detail ?? '', /Suppression expired on 2026-06-14 \(accepted because: fix due in Q2\)/);
    assert.ok(lapsed.report.warnings.some((w) => w.includes('expired on 2026-06-14')));
    assert.equal(lapsed.expired.length, 1);
    const sameDay = applyBaseline(
      report,
      { version: 1, suppressions: [{ finding: f.id, reason: 'r', expires: '2026-06-15' }] },
      NOW,
    );
    assert.equal(sameDay.suppressed.length, 1);
  });

  it('round-trips through YAML and JSON files', () => {
    for (const name of ['b.yaml', 'b.json']) {
      const path = join(dir, name);
      writeBaseline(path, baselineFromReport(report, 'ok', '2027-01-01'));
      const back = loadBaseline(path);
      assert.equal(back.suppressions.length, report.findings.length);
      assert.equal(back.suppressions[0]!.expires, '2027-01-01');
    }
  });

  it('rejects a bad baseline with the entry and key named', () => {
    const cases: Array<[string, RegExp]> = [
      ['suppressions:\n  - finding: abc\n', /suppressions\[0\]: missing "reason"/],
      [
        'suppressions:\n  - finding: abc\n    reason: x\n    until: 2026-01-01\n',
        /suppressions\[0\]: unknown key "until"/,
      ],
      ['suppressions:\n  - reason: x\n', /needs "finding".*or "check"/],
      [
        'suppressions:\n  - check: a\n    reason: x\n    expires: soon\n',
        /suppressions\[0\]\.expires: "soon" is not a date/,
      ],
      [
        'suppressions:\n  - check: a\n    reason: x\n    endpoint: /users\n',
        /endpoint: expected "METHOD \/path"/,
      ],
      ['accepted: []\n', /unknown key "accepted"/],
    ];
    for (const [text, pattern] of cases) {
      const path = join(dir, 'bad.yaml');
      writeFileSync(path, text);
      assert.throws(
        () => loadBaseline(path),
        (e: unknown) => e instanceof ApiwardError && pattern.test(e.message),
        text,
      );
    }
  });
});
