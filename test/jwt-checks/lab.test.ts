import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LabHandle, PYTHON, startLab } from '../../lab/launcher.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { Finding } from '../../src/core/types.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport } from '../helpers/report.ts';
import { NETWORK_CHECKS } from './scan.ts';

/**
 * The seed apps (Flask + DynamoDB / CockroachDB-style PostgreSQL / HMAC JWTs) in their vulnerable and
 * fixed versions, scanned with the JWT checks only and judged against the lab's ground truth.
 */
interface Entry {
  check: string;
  endpoint?: string;
  scope?: 'app';
}
interface Truth {
  must: Entry[];
  mustNot: Entry[];
}

const APPS = ['000-vulnerable', '000-fixed', '003-vulnerable', '003-fixed', '004-vulnerable', '004-fixed'];
const labReady =
  existsSync(PYTHON) && existsSync(new URL('../../lab/apps/000/vulnerable.py', import.meta.url));

const matches = (e: Entry, f: Finding) =>
  f.check === e.check &&
  (e.scope === 'app' || !e.endpoint || e.endpoint === `${f.endpoint.method} ${f.endpoint.path}`);

describe('JWT checks against the Flask lab', { skip: !labReady && 'lab not available' }, () => {
  let lab: LabHandle;
  const reports = new Map<string, { report: ScanReport; truth: Truth }>();

  before(async () => {
    lab = await startLab(APPS);
    await Promise.all(
      lab.apps.map(async (app) => {
        const config = validateConfig(JSON.parse(readFileSync(app.configPath, 'utf8')), app.configPath);
        const report = await runScan({
          target: app.url,
          config: { ...config, checks: { include: ['jwt-*'] } },
          cwd: dirname(app.configPath),
        });
        const truth = JSON.parse(readFileSync(app.truthPath, 'utf8')) as Truth;
        reports.set(app.id, { report, truth });
      }),
    );
  });
  after(() => lab?.stop());

  for (const id of APPS.filter((a) => a.endsWith('-vulnerable'))) {
    it(`${id}: every planted JWT flaw is found, confirmed, with evidence`, () => {
      const { report, truth } = reports.get(id)!;
      assertValidReport(report);
      assert.deepEqual(report.checkErrors, []);
      for (const entry of truth.must.filter((e) => e.check.startsWith('jwt-'))) {
        const f = report.findings.find((x) => matches(entry, x));
        assert.ok(f, `${id}: ${entry.check} @ ${entry.endpoint} not found`);
        assert.equal(f.confidence, 'confirmed');
        if ((NETWORK_CHECKS as readonly string[]).includes(f.check)) {
          assert.ok(f.evidence.exchanges.length >= 3, `${f.check}: baseline, control and attack`);
          assert.equal(f.evidence.exchanges.at(-1)?.response?.status, 200);
        }
        assert.notEqual(f.remediation.variant, 'none');
      }
      for (const entry of truth.mustNot) {
        assert.ok(
          !report.findings.some((x) => matches(entry, x)),
          `${id}: ${entry.check} must not be reported`,
        );
      }
    });
  }

  it('004-vulnerable: the cracked secret forges an admin claim that reaches /admin/users', () => {
    const { report } = reports.get('004-vulnerable')!;
    const f = report.findings.find((x) => x.check === 'jwt-weak-secret');
    assert.equal(f?.evidence.facts?.['HMAC secret'], '"supersecret"');
    assert.deepEqual(f?.endpoint, { method: 'GET', path: '/admin/users' });
    assert.equal(f?.remediation.variant, 'flask', "remediation in the detected stack's terms");
  });

  for (const id of APPS.filter((a) => a.endsWith('-fixed'))) {
    it(`${id}: no JWT network finding and nothing at medium or above`, () => {
      const { report } = reports.get(id)!;
      assertValidReport(report);
      assert.deepEqual(report.checkErrors, []);
      const bad = report.findings.filter(
        (f) =>
          (NETWORK_CHECKS as readonly string[]).includes(f.check) ||
          ['critical', 'high', 'medium'].includes(f.severity),
      );
      assert.deepEqual(
        bad.map((f) => `${f.check} ${f.endpoint.path}`),
        [],
      );
    });
  }
});
