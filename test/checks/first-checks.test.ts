import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { ScanConfig } from '../../src/config/types.ts';
import { runScan } from '../../src/engine/scan.ts';
import { assertValidReport, findingsOf } from '../helpers/report.ts';
import { json, readBody, startServer, type TestServer } from '../helpers/server.ts';

/**
 * One small API in two versions: `vulnerable` has each flaw the first checks look for,
 * `fixed` is the same API done right. Same routes, users and data.
 */
const USERS = {
  alice: { id: 'u-1001', email: 'alice@example.com', phone: '+1-555-0101', token: 'tok-alice-7f3a9c' },
  bob: { id: 'u-1002', email: 'bob@example.com', phone: '+1-555-0102', token: 'tok-bob-2b8e41' },
};

function api(vulnerable: boolean) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const safeHeaders: Record<string, string> = vulnerable
      ? {}
      : { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (url.pathname === '/login' && req.method === 'POST') {
      const { username } = JSON.parse(await readBody(req)) as { username: keyof typeof USERS };
      const user = USERS[username];
      if (!user) return json(res, 401, { error: 'invalid credentials' });
      const cookie = vulnerable
        ? `sid=${user.token}; Path=/`
        : `sid=${user.token}; Path=/; HttpOnly; Secure; SameSite=Lax`;
      return json(
        res,
        200,
        { token: user.token, user_id: user.id },
        { 'set-cookie': cookie, ...safeHeaders },
      );
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const me = Object.values(USERS).find((u) => u.token === token);
    if (url.pathname === '/api/directory') {
      // vulnerable: exported without authentication
      if (!vulnerable && !me) return json(res, 401, { error: 'unauthorized' });
      return json(
        res,
        200,
        { users: Object.values(USERS).map(({ id, email, phone }) => ({ id, email, phone })) },
        safeHeaders,
      );
    }
    if (url.pathname === '/api/me') {
      // vulnerable: authentication only enforced for GET
      const checkAuth = vulnerable ? req.method === 'GET' : true;
      if (checkAuth && !me && req.method !== 'OPTIONS') return json(res, 401, { error: 'unauthorized' });
      if (!vulnerable && req.method === 'OPTIONS') {
        res.writeHead(204, { allow: 'GET, OPTIONS' });
        return res.end();
      }
      const user = me ?? USERS.alice;
      return json(res, 200, { id: user.id, email: user.email, phone: user.phone }, safeHeaders);
    }
    if (url.pathname === '/api/status')
      return json(res, 200, { status: 'ok', version: '1.2.3' }, safeHeaders);
    return json(res, 404, { error: 'not found' }, safeHeaders);
  };
}

const config: ScanConfig = {
  endpoints: ['GET /api/directory', 'GET /api/me', 'GET /api/status'],
  identities: {
    alice: {
      login: {
        method: 'POST',
        path: '/login',
        json: { username: 'alice' },
        extract: { from: 'json', path: 'token' },
      },
    },
    bob: {
      login: {
        method: 'POST',
        path: '/login',
        json: { username: 'bob' },
        extract: { from: 'json', path: 'token' },
      },
    },
  },
  checks: { include: ['auth-missing', 'auth-method-bypass', 'cookie-flags', 'security-headers'] },
};

describe('first checks against a vulnerable API and its fixed twin', () => {
  let vulnerable: TestServer;
  let fixed: TestServer;
  before(async () => {
    vulnerable = await startServer(api(true));
    fixed = await startServer(api(false));
  });
  after(async () => {
    await vulnerable.close();
    await fixed.close();
  });

  it('finds each planted flaw with evidence, and nothing on the fixed twin', async () => {
    const report = await runScan({ target: vulnerable.url, config });
    assertValidReport(report);

    const missing = findingsOf(report, 'auth-missing');
    assert.equal(missing.length, 1);
    assert.equal(missing[0]!.endpoint.path, '/api/directory');
    assert.equal(missing[0]!.confidence, 'confirmed');
    const proof = missing[0]!.evidence.exchanges.at(-1)!;
    assert.equal(proof.identity, 'anonymous');
    assert.equal(proof.response?.status, 200);
    assert.equal(proof.request.headers.authorization, undefined);

    const bypass = findingsOf(report, 'auth-method-bypass');
    assert.equal(bypass.length, 1);
    assert.equal(bypass[0]!.endpoint.path, '/api/me');
    assert.match(bypass[0]!.evidence.summary, /OPTIONS/);
    assert.equal(bypass[0]!.evidence.exchanges.length, 3);

    const cookies = findingsOf(report, 'cookie-flags');
    assert.equal(cookies.length, 1);
    assert.match(cookies[0]!.title, /HttpOnly/);
    assert.ok(findingsOf(report, 'security-headers').length >= 1);

    const clean = await runScan({ target: fixed.url, config });
    assertValidReport(clean);
    assert.deepEqual(
      clean.findings.map((f) => `${f.check} ${f.endpoint.path}`),
      [],
      'the fixed API must come out clean',
    );
    assert.equal(clean.grade, 'A');
    assert.ok(report.score < clean.score);
  });

  it('never prints the credentials it used', async () => {
    const report = await runScan({ target: vulnerable.url, config });
    const text = JSON.stringify(report);
    for (const user of Object.values(USERS))
      assert.ok(!text.includes(user.token), 'token leaked into the report');
    assert.ok(text.includes('[REDACTED]'));
  });
});
