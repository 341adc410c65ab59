import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/core/errors.ts';
import { startServer } from '../helpers/server.ts';
import { expectError, expectReport, highOrWorse, scanWithin } from './harness.ts';

/** Every check of the registry runs here: these traps exist to catch any check's false positive. */
const identities = {
  alice: { bearer: 'alice-token-123456' },
  bob: { bearer: 'bob-token-654321' },
};

describe('false-positive traps', () => {
  it('a server that answers the same 200 to everything yields no high finding', {
    timeout: 30_000,
  }, async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', users: [{ id: 1, email: 'someone@example.com' }] }));
    });
    try {
      for (const config of [{}, { identities }]) {
        const report = expectReport(await scanWithin(25_000, server.url, { deadline: 20, ...config }, 'all'));
        assert.deepEqual(
          highOrWorse(report).map((f) => `${f.check} ${f.endpoint.method} ${f.endpoint.path}`),
          [],
        );
        assert.ok(report.requestsSent > 10, 'the scan did probe the trap');
      }
    } finally {
      await server.close();
    }
  });

  it('a server that answers 401 to everything yields no high finding when scanned anonymously', {
    timeout: 30_000,
  }, async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: 'unauthorized' }));
    });
    try {
      const report = expectReport(await scanWithin(25_000, server.url, { deadline: 20 }, 'all'));
      assert.deepEqual(highOrWorse(report), []);
    } finally {
      await server.close();
    }
  });

  it('with identities configured, an all-401 server is a clear error, not a clean report', {
    timeout: 30_000,
  }, async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/openapi.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            openapi: '3.0.0',
            info: { title: 'locked', version: '1' },
            paths: { '/api/me': { get: { responses: {} } }, '/api/orders': { get: { responses: {} } } },
          }),
        );
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorized' }));
    });
    try {
      const outcome = await scanWithin(25_000, server.url, { deadline: 20, identities }, 'all');
      expectError(outcome, EXIT.usage, /refused the credentials of "alice", "bob"/);
    } finally {
      await server.close();
    }
  });
});
