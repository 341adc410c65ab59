// The authorization checks against the Flask lab apps of seeds 001 and 002 (vulnerable, published,
// fixed): every planted authorization flaw in the ground truth is found, nothing in mustNot is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type LabHandle, startLab } from '../../lab/launcher.ts';
import { loadTruth } from '../../lab/truth.ts';
import type { ScanConfig } from '../../src/config/types.ts';
import { runScan } from '../../src/engine/scan.ts';
import { assertValidReport } from '../helpers/report.ts';

const MINE = ['bola', 'idor-adjacent-id', 'predictable-ids', 'bfla', 'property-exposure', 'mass-assignment'];
const APPS = ['001-vulnerable', '001-published', '001-fixed', '002-vulnerable', '002-published', '002-fixed'];

let lab: LabHandle | undefined;
before(async () => {
  lab = await startLab(APPS, { timeoutMs: 60_000 });
});
after(async () => {
  await lab?.stop();
});

describe('lab apps 001 and 002', () => {
  for (const id of APPS) {
    test(`${id}: authorization findings match the ground truth`, async () => {
      const app = lab!.apps.find((a) => a.id === id)!;
      const config = JSON.parse(readFileSync(app.configPath, 'utf8')) as ScanConfig;
      const truth = loadTruth(app.truthPath);
      const report = await runScan({
        target: app.url,
        config: { ...config, checks: { include: MINE } },
      });
      assertValidReport(report);
      const found = new Set(report.findings.map((f) => `${f.check} ${f.endpoint.method} ${f.endpoint.path}`));
      const missing = truth.must
        .filter((m) => MINE.includes(m.check))
        .map((m) => `${m.check} ${m.endpoint}`)
        .filter((k) => !found.has(k));
      const wrong = truth.mustNot
        .filter((m) => MINE.includes(m.check))
        .map((m) => `${m.check} ${m.endpoint}`)
        .filter((k) => found.has(k));
      assert.deepEqual({ missing, wrong }, { missing: [], wrong: [] }, [...found].join('\n'));
      if (id.endsWith('-fixed')) {
        const harmful = report.findings.filter((f) => f.severity !== 'info');
        assert.deepEqual(
          harmful.map((f) => `${f.check} ${f.endpoint.path}: ${f.evidence.summary}`),
          [],
          'fixed apps are clean',
        );
      }
    });
  }

  test('001-published: the static shared token is named in the BOLA evidence', async () => {
    const app = lab!.apps.find((a) => a.id === '001-published')!;
    const config = JSON.parse(readFileSync(app.configPath, 'utf8')) as ScanConfig;
    const report = await runScan({ target: app.url, config: { ...config, checks: { include: ['bola'] } } });
    const f = report.findings.find((x) => x.check === 'bola' && x.endpoint.path === '/user');
    assert.ok(f);
    assert.equal(f.confidence, 'confirmed');
    assert.match(f.evidence.facts?.['shared credential'] ?? '', /one token to everyone/);
  });
});
