import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/core/errors.ts';
import type { Check } from '../../src/engine/context.ts';
import { json, readBody, startServer } from '../helpers/server.ts';
import { BASE_CHECKS, expectError, expectReport, scanWithin } from './harness.ts';

const PATHS = ['/api/me', '/api/orders', '/api/profile', '/api/settings', '/api/export'];
const SPEC = {
  openapi: '3.0.0',
  info: { title: 'sessions', version: '1' },
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: Object.fromEntries(PATHS.map((p) => [p, { get: { responses: {} } }])),
};

interface SessionApi {
  /** Uses left per token; a token at 0 gets 401. */
  uses: Map<string, number>;
  logins: number;
  loginWorks: () => boolean;
}

/** An API whose tokens die after `life` authenticated requests; /api/export is the one unprotected flaw. */
function sessionServer(life: number, staticToken?: string, loginWorks = () => true) {
  const api: SessionApi = { uses: new Map(), logins: 0, loginWorks };
  if (staticToken) api.uses.set(staticToken, life);
  const started = startServer(async (req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/openapi.json') return json(res, 200, SPEC);
    if (path === '/login' && req.method === 'POST') {
      await readBody(req);
      api.logins++;
      if (!api.loginWorks()) return json(res, 401, { error: 'invalid credentials' });
      const token = randomBytes(12).toString('hex');
      api.uses.set(token, life);
      return json(res, 200, { token, user_id: 7 });
    }
    if (path === '/api/export') return json(res, 200, { users: [{ id: 7, email: 'alice@example.com' }] });
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const left = api.uses.get(token) ?? 0;
    if (left <= 0) return json(res, 401, { error: 'unauthorized' });
    api.uses.set(token, left - 1);
    if (PATHS.includes(path ?? '')) return json(res, 200, { path, owner: 7 });
    json(res, 404, { error: 'not found' });
  });
  return started.then((server) => ({ server, api }));
}

const login = {
  method: 'POST',
  path: '/login',
  json: { username: 'alice', password: 'pw-alice' },
  extract: { from: 'json', path: 'token' },
} as const;

/** A test check: alice reads every endpoint `rounds` times and reports each genuine 401 she is handed. */
function genuineReader(rounds: number): Check {
  return {
    meta: { ...BASE_CHECKS[0]!.meta, id: 'test-genuine-reader' },
    async run(ctx) {
      const alice = ctx.identities[0]!;
      const drafts = [];
      for (let i = 0; i < rounds; i++) {
        const exchanges = await Promise.all(
          PATHS.filter((p) => p !== '/api/export').map((url) =>
            ctx.http.send({ method: 'GET', url }, { identity: alice, label: `round ${i}` }),
          ),
        );
        for (const e of exchanges) {
          if (e.response?.status === 401)
            drafts.push({
              endpoint: { method: 'GET' as const, path: e.request.url },
              evidence: { summary: 'genuine 401', exchanges: [e] },
            });
        }
      }
      return drafts;
    },
  };
}

describe('a session that dies mid-scan', () => {
  it('static bearer that stops working: exit 4 and no report', { timeout: 15_000 }, async () => {
    const { server, api } = await sessionServer(12, 'static-token-abc');
    try {
      const outcome = await scanWithin(10_000, server.url, {
        identities: { alice: { bearer: 'static-token-abc' } },
      });
      expectError(outcome, EXIT.aborted, /identity "alice".*stopped working/);
      assert.equal(api.uses.get('static-token-abc'), 0);
    } finally {
      await server.close();
    }
  });

  it('login flow whose re-login works: the scan completes and checks never see the dead session', {
    timeout: 15_000,
  }, async () => {
    const { server, api } = await sessionServer(8);
    try {
      const outcome = await scanWithin(10_000, server.url, { identities: { alice: { login } } }, [
        ...BASE_CHECKS,
        genuineReader(3),
      ]);
      const report = expectReport(outcome);
      assert.ok(api.logins >= 2, `only ${api.logins} login(s): the session never died`);
      assert.equal(report.complete, true);
      assert.deepEqual(
        report.findings.filter((f) => f.check === 'test-genuine-reader').map((f) => f.endpoint.path),
        [],
        'a check was handed a 401 caused by the expired session',
      );
      assert.deepEqual(
        report.findings.filter((f) => f.check === 'auth-missing').map((f) => f.endpoint.path),
        ['/api/export'],
      );
    } finally {
      await server.close();
    }
  });

  it('login flow whose re-login starts failing: exit 4', { timeout: 15_000 }, async () => {
    let logins = 0;
    const { server } = await sessionServer(8, undefined, () => ++logins === 1);
    try {
      const outcome = await scanWithin(10_000, server.url, { identities: { alice: { login } } }, [
        ...BASE_CHECKS,
        genuineReader(3),
      ]);
      expectError(outcome, EXIT.aborted, /re-login failed/);
    } finally {
      await server.close();
    }
  });

  it('a first login that fails is a usage error naming the identity', { timeout: 10_000 }, async () => {
    const { server } = await sessionServer(8, undefined, () => false);
    try {
      expectError(
        await scanWithin(5_000, server.url, { identities: { alice: { login } } }),
        EXIT.usage,
        /login for identity "alice" failed: POST \/login answered 401/,
      );
    } finally {
      await server.close();
    }
  });

  it('an endpoint that refuses a live credential is not mistaken for a dead session', {
    timeout: 15_000,
  }, async () => {
    const { server, api } = await sessionServer(10_000, 'static-token-live');
    const adminOnly = startServer(async (req, res) => {
      if (req.url === '/openapi.json')
        return json(res, 200, {
          ...SPEC,
          paths: { ...SPEC.paths, '/api/admin': { get: { responses: {} } } },
        });
      if (req.url === '/api/admin') return json(res, 401, { error: 'admins only' });
      server.server.emit('request', req, res);
    });
    const front = await adminOnly;
    try {
      const report = expectReport(
        await scanWithin(10_000, front.url, { identities: { alice: { bearer: 'static-token-live' } } }),
      );
      assert.equal(report.complete, true);
      assert.ok((api.uses.get('static-token-live') ?? 0) > 0);
      assert.ok(front.requests.filter((r) => r.url === '/api/admin').length >= 1);
    } finally {
      await front.close();
      await server.close();
    }
  });
});
