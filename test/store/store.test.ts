import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiwardError } from '../../src/core/errors.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { defaultStorePath, newScanId, ScanStore } from '../../src/store/store.ts';
import { demoReport } from '../report/fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'apiward-store-'));
let report: ScanReport;
before(async () => {
  report = await demoReport();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('scan store (node:sqlite)', () => {
  it('saves a report and gives back the same report by id, prefix and "latest"', () => {
    const path = join(dir, 'a', 'scans.db');
    const store = new ScanStore(path);
    try {
      const first = store.save(report, new Date('2026-01-01T10:00:00Z'));
      const second = store.save({ ...report, score: 42, grade: 'F' }, new Date('2026-01-02T10:00:00Z'));
      assert.match(first, /^20260101-100000-[0-9a-f]{4}$/);
      assert.deepEqual(store.get(first)?.report, report);
      assert.equal(store.get(second.slice(0, 9))?.id, second, 'a unique prefix finds the scan');
      assert.equal(store.get('latest')?.id, second);
      assert.equal(store.get('nope'), undefined);
    } finally {
      store.close();
    }
    // Persisted: a new handle on the same file sees both scans, newest first.
    const again = new ScanStore(path);
    try {
      const list = again.list();
      assert.deepEqual(
        list.map((s) => [s.score, s.grade, s.findings, s.target]),
        [
          [42, 'F', report.findings.length, report.target.url],
          [report.score, report.grade, report.findings.length, report.target.url],
        ],
      );
      assert.equal(again.list({ limit: 1 }).length, 1);
      assert.equal(again.list({ target: 'http://elsewhere/' }).length, 0);
    } finally {
      again.close();
    }
  });

  it('refuses an ambiguous prefix with a clear error', () => {
    const store = new ScanStore(join(dir, 'b.db'));
    try {
      const now = new Date('2026-03-03T03:03:03Z');
      store.save(report, now);
      store.save(report, now);
      assert.throws(
        () => store.get('20260303'),
        (e: unknown) => e instanceof ApiwardError && /ambiguous/.test(e.message),
      );
    } finally {
      store.close();
    }
  });

  it('lives under $APIWARD_HOME, else ~/.apiward', () => {
    assert.equal(defaultStorePath({ APIWARD_HOME: '/x/y' }), '/x/y/scans.db');
    assert.match(defaultStorePath({}), /\.apiward\/scans\.db$/);
    assert.notEqual(newScanId(new Date()), newScanId(new Date()));
  });
});
