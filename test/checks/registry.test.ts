import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brokenCheck, listCheckIds, loadChecks, selectChecks } from '../../src/checks/registry.ts';
import { runScan } from '../../src/engine/scan.ts';
import { json, startServer, type TestServer } from '../helpers/server.ts';

describe('check registry', () => {
  it('discovers every check file, named after its id, without a central list', async () => {
    const checks = await loadChecks();
    assert.deepEqual(checks.map((c) => c.meta.id).sort(), listCheckIds());
    assert.ok(listCheckIds('jwt').every((id) => id.startsWith('jwt-')));
    for (const c of checks) {
      assert.match(c.meta.owasp, /^API\d+:2023$/);
      assert.match(c.meta.cwe, /^CWE-\d+$/);
      assert.ok(c.meta.references.length > 0, `${c.meta.id} has no references`);
    }
  });

  it('runs active checks only with --active and honours include/exclude', async () => {
    const checks = await loadChecks();
    const passive = selectChecks(checks, { active: false });
    assert.ok(passive.every((c) => !c.meta.active));
    assert.ok(selectChecks(checks, { active: true }).some((c) => c.meta.active));
    const jwt = selectChecks(checks, { active: false, include: ['jwt-*'], exclude: ['jwt-in-query'] });
    assert.ok(
      jwt.length > 5 && jwt.every((c) => c.meta.id.startsWith('jwt-') && c.meta.id !== 'jwt-in-query'),
    );
  });
});

describe('a check that fails', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((_req, res) => json(res, 200, { ok: true }));
  });
  after(() => server.close());

  it('is reported as that check’s error while the scan completes', async () => {
    const broken = brokenCheck('area/imaginary-check.check.ts', new Error('SyntaxError: unexpected token'));
    assert.equal(broken.meta.id, 'imaginary-check');
    const [security] = selectChecks(await loadChecks(), { active: false, include: ['security-headers'] });
    const report = await runScan({
      target: server.url,
      config: { endpoints: ['GET /x'] },
      checks: [broken, security!],
    });
    assert.deepEqual(report.checkErrors, [
      { check: 'imaginary-check', message: 'check module failed to load: SyntaxError: unexpected token' },
    ]);
    assert.deepEqual(report.checksRun, ['imaginary-check', 'security-headers']);
  });
});
