// The launcher starts real services and apps on loopback and leaves no process behind, whether stopped
// normally, on a start-up failure, or when the CLI is SIGTERMed or SIGKILLed.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startLab } from '../../lab/launcher.ts';
import { LAB_DIR } from '../../lab/registry.ts';
import { descendants, waitGone } from './proc-tree.ts';

/** The guard names its temp dir after the run: apiward-lab-pg-<runId>-XXXX. */
const pgTempDirs = (runId: string): string[] =>
  readdirSync('/tmp').filter((n) => n.startsWith(`apiward-lab-pg-${runId}-`));

function readUrls(child: ChildProcess, count: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`CLI did not print ${count} urls: ${out}\n${err}`)),
      30_000,
    );
    child.stderr?.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const lines = [...out.matchAll(/^(\S+)\s+(http:\/\/127\.0\.0\.1:\d+)$/gm)];
      if (lines.length >= count) {
        clearTimeout(timer);
        resolve(new Map(lines.map((m) => [m[1] as string, m[2] as string])));
      }
    });
  });
}

describe('lab launcher', () => {
  test('starts dynalite, PostgreSQL and three apps, then stop() leaves no process behind', async () => {
    const lab = await startLab(['000-fixed', '003-fixed', '004-vulnerable']);
    let tree: number[] = [];
    try {
      assert.deepEqual(lab.apps.map((a) => a.id).sort(), ['000-fixed', '003-fixed', '004-vulnerable']);
      for (const app of lab.apps) {
        assert.match(app.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.ok(existsSync(app.truthPath) && existsSync(app.configPath), app.id);
        const res = await fetch(`${app.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'alice', password: 'alice-pass-1' }),
        });
        assert.equal(res.status, 200, app.id);
        assert.equal(typeof ((await res.json()) as { token?: unknown }).token, 'string');
      }
      tree = descendants(lab.pids());
      // 2 services + 3 apps, plus the postgres server processes under the guard
      assert.ok(tree.length >= 10, `expected the whole process tree, got ${tree.length} pids`);
      assert.equal(pgTempDirs(lab.runId).length, 1);
    } finally {
      await lab.stop();
    }
    assert.deepEqual(await waitGone(tree, 5000), [], 'processes left after stop()');
    assert.deepEqual(pgTempDirs(lab.runId), [], 'postgres temp dir not removed');
    await assert.doesNotReject(lab.stop(), 'stop() is idempotent');
  });

  test('a start-up failure rejects with a clear error and cleans up', async () => {
    const before = descendants([process.pid]);
    await assert.rejects(
      startLab(['004-fixed'], { timeoutMs: 1 }),
      /lab: app 004-fixed did not start within 1 ms/,
    );
    const leftovers = descendants([process.pid]).filter((p) => !before.includes(p));
    assert.deepEqual(await waitGone(leftovers, 5000), []);
  });

  test('unknown app ids are refused before anything starts', async () => {
    await assert.rejects(
      startLab(['999-vulnerable']),
      /unknown lab app "999-vulnerable"; known: 000-vulnerable/,
    );
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    test(`CLI killed with ${signal} leaves no orphans`, async () => {
      const runId = randomUUID();
      const cli = spawn(process.execPath, [join(LAB_DIR, 'launch.ts'), '003-fixed', '001-fixed'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LAB_RUN_ID: runId },
      });
      const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
      const urls = await readUrls(cli, 2);
      assert.deepEqual([...urls.keys()].sort(), ['001-fixed', '003-fixed']);
      const tree = descendants([cli.pid as number]).filter((p) => p !== cli.pid);
      assert.ok(tree.length >= 5, `expected services, apps and postgres, got ${tree.length}`);
      cli.kill(signal);
      const code = await exited;
      if (signal === 'SIGTERM') assert.equal(code, 0);
      assert.deepEqual(await waitGone(tree, 8000), [], `orphans after ${signal}`);
      assert.deepEqual(pgTempDirs(runId), [], 'postgres temp dir not removed');
    });
  }
});
