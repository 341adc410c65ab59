import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { renderAuthzMatrix } from '../../src/authz/render.ts';
import type { AuthzMatrix } from '../../src/authz/types.ts';
import { listCheckIds } from '../../src/checks/registry.ts';
import type { ScanConfig } from '../../src/config/types.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport, findingsOf } from '../helpers/report.ts';
import { json, startServer } from '../helpers/server.ts';
import { type ShopOptions, startShop } from './shop.ts';

const AUTHZ_CHECKS = listCheckIds('authorization');
const HARMFUL = AUTHZ_CHECKS.filter((c) => c !== 'predictable-ids');

const closers: Array<() => Promise<void>> = [];
after(async () => {
  await Promise.all(closers.map((c) => c()));
});

async function scanShop(
  options: ShopOptions,
  extra: Partial<ScanConfig> & { names?: string[] } = {},
): Promise<ScanReport> {
  const shop = await startShop(options);
  closers.push(() => shop.close());
  const { names, ...rest } = extra;
  const report = await runScan({
    target: shop.url,
    config: { identities: shop.identities(names), checks: { include: AUTHZ_CHECKS }, ...rest },
  });
  assertValidReport(report);
  return report;
}

function harmful(report: ScanReport) {
  return report.findings.filter(
    (f) => HARMFUL.includes(f.check) || (f.check === 'predictable-ids' && f.severity !== 'info'),
  );
}

function matrixOf(report: ScanReport): AuthzMatrix {
  const m = report.sections?.authorizationMatrix as AuthzMatrix | undefined;
  assert.ok(m, 'the report has an authorization matrix');
  return m;
}

describe('fixed twins come out clean', () => {
  for (const ids of ['int', 'uuid'] as const) {
    test(`each user sees only their own data, the admin sees everything (${ids} ids)`, async () => {
      const report = await scanShop({ ids }, { active: true });
      assert.deepEqual(
        harmful(report).map((f) => `${f.check} ${f.endpoint.path} ${f.evidence.summary}`),
        [],
      );
      const matrix = matrixOf(report);
      const row = matrix.rows.find((r) => r.path === '/users/{id}' && r.owner === 'alice');
      assert.equal(row?.cells.bob?.state, 'denied');
      assert.equal(row?.cells.root?.state, 'same-data');
      assert.equal(row?.cells.root?.byDesign, true);
      assert.equal(row?.cells.anonymous?.state, 'denied');
    });
  }
});

describe('bola', () => {
  test('another user reads the object by replaying the owner request: confirmed, with the anonymous control', async () => {
    const report = await scanShop({ flaws: ['bola'], ids: 'uuid' });
    const found = findingsOf(report, 'bola');
    assert.equal(found.length, 1);
    const f = found[0]!;
    assert.equal(f.endpoint.path, '/users/{id}');
    assert.equal(f.confidence, 'confirmed');
    const last = f.evidence.exchanges.at(-1)!;
    assert.equal(last.response?.status, 200);
    assert.notEqual(
      last.identity,
      f.evidence.exchanges[0]!.identity,
      'the proof is a replay by another identity',
    );
    assert.ok(f.evidence.exchanges.some((e) => e.identity === 'anonymous' && e.response?.status === 401));
    assert.equal(f.remediation.variant, 'generic');
    assert.equal(harmful(report).filter((x) => x.check !== 'bola').length, 0);
  });

  test('seed 001 published: one static token for everyone and an ownership check comparing the item with itself', async () => {
    const report = await scanShop(
      { flaws: ['shared-token', 'self-compare'], ids: 'uuid' },
      { names: ['alice', 'bob'] },
    );
    const f = findingsOf(report, 'bola').find((x) => x.endpoint.path === '/user');
    assert.ok(f, 'GET /user?user_id= is reported');
    assert.equal(f.confidence, 'confirmed');
    assert.match(f.evidence.facts?.['shared credential'] ?? '', /same credential/);
  });

  test('duplicated parameter (user_id=mine&user_id=theirs) defeats the ownership check', async () => {
    const report = await scanShop({ flaws: ['dup-param'], ids: 'uuid' });
    const f = findingsOf(report, 'bola').find((x) => /parameter pollution/.test(x.title));
    assert.ok(f, 'parameter pollution reported');
    assert.equal(f.endpoint.path, '/user');
    assert.match(f.evidence.exchanges.at(-1)!.request.url, /user_id=.*&user_id=/);
    assert.equal(findingsOf(report, 'bola').filter((x) => !/parameter pollution/.test(x.title)).length, 0);
  });

  test("another user's records in a listing", async () => {
    const report = await scanShop({ flaws: ['listing'] });
    const f = findingsOf(report, 'bola').find((x) => x.endpoint.path === '/orders');
    assert.ok(f, '/orders reported');
    assert.match(f.title, /listing/);
  });
});

describe('idor-adjacent-id and predictable-ids', () => {
  test('one identity: the neighbouring integer id returns another user, anonymous refused', async () => {
    const report = await scanShop({ flaws: ['bola'], ids: 'int' }, { names: ['alice'] });
    const f = findingsOf(report, 'idor-adjacent-id');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.confidence, 'confirmed');
    assert.match(f[0]!.evidence.exchanges.at(-1)!.request.url, /\/users\/2$/);
    const p = findingsOf(report, 'predictable-ids').find((x) => x.endpoint.path === '/users/{id}');
    assert.equal(p?.severity, 'medium', 'predictable ids meeting a missing ownership check');
    const notes = report.sections?.authorization as { notes: string[] };
    assert.ok(notes.notes.some((n) => /second identity would unlock/.test(n)));
  });

  test('predictable ids alone are an informational note; UUIDv4 ids are not reported', async () => {
    const ints = await scanShop({ ids: 'int' });
    assert.ok(findingsOf(ints, 'predictable-ids').every((f) => f.severity === 'info'));
    assert.ok(findingsOf(ints, 'predictable-ids').length > 0);
    const uuids = await scanShop({ ids: 'uuid' });
    assert.equal(findingsOf(uuids, 'predictable-ids').length, 0);
  });
});

describe('bfla', () => {
  test('a regular user reaches the admin listing with the data the admin gets', async () => {
    const report = await scanShop({ flaws: ['bfla'] });
    const f = findingsOf(report, 'bfla').find((x) => x.endpoint.path === '/admin/users');
    assert.ok(f);
    assert.equal(f.confidence, 'confirmed');
    assert.match(f.evidence.summary, /alice|bob/);
    assert.doesNotMatch(f.evidence.facts?.['reached by'] ?? '', /root/, 'the admin is never reported');
  });

  test('anonymous callers reach an admin function: critical', async () => {
    const report = await scanShop({ flaws: ['anon-admin'] });
    const f = findingsOf(report, 'bfla').find((x) => x.endpoint.path === '/admin/stats');
    assert.ok(f);
    assert.equal(f.severity, 'critical');
    assert.equal(f.evidence.exchanges.at(-1)!.identity, 'anonymous');
  });
});

describe('property-exposure', () => {
  test('password hashes in user records', async () => {
    const report = await scanShop({ flaws: ['exposure'] });
    const f = findingsOf(report, 'property-exposure');
    assert.ok(f.length > 0);
    assert.ok(f.every((x) => /password_hash/.test(x.evidence.summary)));
  });
});

describe('active checks', () => {
  test("bfla write: bob changes alice's record, the change is read back and reverted", async () => {
    const shop = await startShop({ flaws: ['write'] });
    closers.push(() => shop.close());
    const report = await runScan({
      target: shop.url,
      config: { identities: shop.identities(), active: true, checks: { include: ['bfla'] } },
    });
    const f = findingsOf(report, 'bfla').find((x) => x.endpoint.method === 'PATCH');
    assert.ok(f);
    assert.equal(f.endpoint.method, 'PATCH');
    assert.equal(f.evidence.facts?.['original value restored'], 'yes');
    assert.deepEqual(
      shop.users.map((u) => u.bio),
      ['hello from alice', 'hello from bob', 'hello from root'],
    );
  });

  test('mass assignment: role=admin accepted and stored, then restored', async () => {
    const shop = await startShop({ flaws: ['mass-assignment'] });
    closers.push(() => shop.close());
    const report = await runScan({
      target: shop.url,
      config: { identities: shop.identities(), active: true, checks: { include: ['mass-assignment'] } },
    });
    const f = findingsOf(report, 'mass-assignment');
    assert.equal(f.length, 1);
    assert.match(f[0]!.evidence.facts?.['fields that took effect'] ?? '', /role/);
    assert.deepEqual(
      shop.users.map((u) => u.role),
      ['user', 'user', 'admin'],
    );
  });

  test('mass-assignment does not run without --active', async () => {
    const report = await scanShop({ flaws: ['mass-assignment'] });
    assert.ok(!report.checksRun.includes('mass-assignment'));
  });
});

describe('negative controls', () => {
  const identities = {
    alice: { role: 'user', bearer: 'tok-alice', markers: { user_id: '1', email: 'alice@example.com' } },
    bob: { role: 'user', bearer: 'tok-bob', markers: { user_id: '2', email: 'bob@example.com' } },
  };
  const endpoints = [
    'GET /users/{user_id}',
    'GET /admin/users',
    'GET /orders',
    'GET /user?user_id={user_id}',
  ];

  test('a catch-all 200 server yields no authorization finding', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true, data: 'welcome' }));
    closers.push(() => server.close());
    const report = await runScan({
      target: server.url,
      config: { identities, endpoints, checks: { include: AUTHZ_CHECKS } },
    });
    assertValidReport(report);
    assert.deepEqual(harmful(report), []);
  });

  test('an all-401 server yields no authorization finding', async () => {
    const server = await startServer((_req, res) => json(res, 401, { error: 'unauthorized' }));
    closers.push(() => server.close());
    const report = await runScan({
      target: server.url,
      config: { identities, endpoints, checks: { include: AUTHZ_CHECKS } },
    }).catch((e: Error) => e);
    if (report instanceof Error) {
      assert.match(report.message, /refused the credentials/);
      return;
    }
    assert.deepEqual(harmful(report), []);
  });

  test('public data every caller (anonymous too) gets is not BOLA', async () => {
    const server = await startServer((req, res) => {
      const m = /^\/profiles\/(\d+)$/.exec(req.url ?? '');
      if (m) return json(res, 200, { id: m[1], email: `user${m[1]}@example.com`, display: `user ${m[1]}` });
      return json(res, 404, { error: 'not found' });
    });
    closers.push(() => server.close());
    const report = await runScan({
      target: server.url,
      config: {
        identities,
        endpoints: ['GET /profiles/{user_id}'],
        checks: { include: ['bola', 'idor-adjacent-id'] },
      },
    });
    assert.deepEqual(report.findings, []);
  });
});

describe('matrix rendering', () => {
  test('the summary renderer shows every identity and the replay outcome', async () => {
    const report = await scanShop({ flaws: ['bola'] }, { names: ['alice', 'bob'] });
    const text = renderAuthzMatrix(report.sections?.authorizationMatrix);
    assert.match(text, /Authorization matrix/);
    assert.match(text, /alice \(user\)\s+bob \(user\)\s+anonymous/);
    assert.match(text, /GET \/users\/1\s+alice\s+owner 200\s+SAME DATA 200\s+denied 401/);
    assert.equal(renderAuthzMatrix({ nonsense: true }), '');
    assert.equal(renderAuthzMatrix(undefined), '');
  });
});

describe('the demo target', () => {
  test('apiward demo: BOLA on /api/users/{id}, BFLA on the admin listing, the matrix in the report', async () => {
    const { startDemoServer, DEMO_IDENTITIES } = await import('../../src/demo/server.ts');
    const demo = await startDemoServer();
    closers.push(() => demo.close());
    const report = await runScan({
      target: demo.url,
      config: { identities: DEMO_IDENTITIES, checks: { include: AUTHZ_CHECKS } },
    });
    assertValidReport(report);
    assert.ok(
      findingsOf(report, 'bola').some(
        (f) => f.endpoint.path === '/api/users/{id}' && f.confidence === 'confirmed',
      ),
    );
    assert.ok(findingsOf(report, 'bfla').some((f) => f.endpoint.path === '/api/admin/users'));
    assert.ok(findingsOf(report, 'idor-adjacent-id').some((f) => f.endpoint.path === '/api/users/{id}'));
    assert.ok(matrixOf(report).rows.length >= 5);
  });
});
