import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_IDENTITIES, type RunningDemo, startDemoServer } from '../../src/demo/server.ts';
import type { ScanReport } from '../../src/report/types.ts';
import type { ScanSummary } from '../../src/store/store.ts';

const BIN = fileURLToPath(new URL('../../bin/apiward.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'apiward-cli-'));
const CHECKS = 'auth-missing,auth-method-bypass,security-headers';
let demo: RunningDemo;
let config: string;

before(async () => {
  demo = await startDemoServer();
  config = join(home, 'apiward.config.json');
  writeFileSync(config, JSON.stringify({ identities: DEMO_IDENTITIES }));
});
after(async () => {
  await demo?.close();
  rmSync(home, { recursive: true, force: true });
});

/** Runs the real CLI with its own scan store; async so the in-process demo API keeps answering. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: home, env: { ...process.env, APIWARD_HOME: home, NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('CLI: several formats, the scan store, results, scans, diff, --baseline', () => {
  let scanId = '';

  it('writes one file per format and saves the scan with an id on stderr', async () => {
    const out = join(home, 'reports');
    const run = await cli(
      'scan',
      demo.url,
      '-c',
      config,
      '--checks',
      CHECKS,
      '--no-progress',
      '--format',
      'sarif,junit,markdown,json',
      '--output-dir',
      out,
    );
    assert.equal(run.code, 0, run.stderr);
    for (const ext of ['.sarif', '.junit.xml', '.md', '.json']) {
      assert.ok(existsSync(join(out, `apiward-report${ext}`)), `apiward-report${ext} written`);
    }
    const saved = /scan saved as (\S+) \(apiward results \1\)/.exec(run.stderr);
    assert.ok(saved, run.stderr);
    scanId = saved[1]!;
    const sarif = JSON.parse(readFileSync(join(out, 'apiward-report.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
  });

  it('lists saved scans and shows one again in any format', async () => {
    const list = await cli('scans', '--json');
    assert.equal(list.code, 0, list.stderr);
    const scans = JSON.parse(list.stdout) as ScanSummary[];
    assert.deepEqual(
      scans.map((s) => s.id),
      [scanId],
    );
    const table = await cli('scans');
    assert.match(
      table.stdout,
      new RegExp(`^${scanId}\\s+\\S+ \\S+\\s+${scans[0]!.score}\\s+${scans[0]!.grade}`, 'm'),
    );

    const json = await cli('results', scanId, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as ScanReport;
    assert.equal(report.score, scans[0]!.score);
    assert.equal(report.findings.length, scans[0]!.findings);

    const md = await cli('results', scanId.slice(0, 12), '--format', 'markdown', '--fail-on', 'high');
    assert.equal(md.code, 1, 'the gate applies to stored results too');
    assert.match(md.stdout, /## apiward: grade [A-F]/);

    const missing = await cli('results', 'no-such-scan');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no scan "no-such-scan"/);
  });

  it('diff: exit 1 on regression (ids or files), 0 when nothing got worse', async () => {
    const full = JSON.parse((await cli('results', scanId, '--format', 'json')).stdout) as ScanReport;
    const older = join(home, 'older.json');
    writeFileSync(
      older,
      JSON.stringify({ ...full, findings: full.findings.slice(1), score: 100, grade: 'A' }),
    );
    const worse = await cli('diff', older, scanId);
    assert.equal(worse.code, 1);
    assert.match(worse.stdout, /1 new · 0 fixed/);
    assert.match(worse.stderr, /regression/);
    const same = await cli('diff', scanId, 'latest', '--format', 'json');
    assert.equal(same.code, 0, same.stderr);
    assert.equal(JSON.parse(same.stdout).regression, false);
  });

  it('--baseline reports only new findings; the gate ignores accepted ones', async () => {
    const baseline = join(home, 'baseline.yaml');
    const written = await cli(
      'results',
      scanId,
      '--write-baseline',
      baseline,
      '--reason',
      'accepted in review',
    );
    assert.equal(written.code, 0, written.stderr);
    const gatedScan = ['scan', demo.url, '-c', config, '--checks', CHECKS, '--no-progress', '--no-save'];
    const gate = ['--fail-on', 'low', '--format', 'json'];
    const gated = await cli(...gatedScan, ...gate);
    assert.equal(gated.code, 1, 'without the baseline the gate fails');
    const run = await cli(...gatedScan, ...gate, '--baseline', baseline);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.findings.length, 0);
    assert.ok(report.warnings.some((w) => /suppressed by/.test(w)));
    const scans = JSON.parse((await cli('scans', '--json')).stdout) as ScanSummary[];
    assert.equal(scans.length, 1, '--no-save keeps the store unchanged');
  });

  it('several formats without a destination is a usage error', async () => {
    const run = await cli('results', scanId, '--format', 'sarif,html');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--output-dir/);
  });
});
