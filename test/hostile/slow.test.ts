import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/core/errors.ts';
import { json, startServer } from '../helpers/server.ts';
import { expectError, expectReport, scanWithin } from './harness.ts';

const spec = (paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'slow', version: '1' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
});

/** Sends headers, then one byte every `everyMs` for ever. */
function trickle(res: ServerResponse, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":"');
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write('x');
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

describe('slow servers', () => {
  it('a target whose headers never come is an unreachable error within the timeout', {
    timeout: 10_000,
  }, async () => {
    const server = await startServer(() => undefined);
    try {
      const outcome = await scanWithin(4_000, server.url, { timeout: 1, deadline: 3 });
      expectError(outcome, EXIT.unreachable, /unreachable/);
      assert.ok(outcome.ms < 2_500, `took ${Math.round(outcome.ms)} ms`);
    } finally {
      await server.close();
    }
  });

  it('endpoints that never answer or trickle their body are cut by the timeout; the scan reports', {
    timeout: 15_000,
  }, async () => {
    const paths = ['/hang/a', '/hang/b', '/trickle/a', '/trickle/b', '/ok'];
    const server = await startServer((req, res) => {
      if (req.url === '/openapi.json') return json(res, 200, spec(paths));
      if (req.url?.startsWith('/hang')) return;
      if (req.url?.startsWith('/trickle')) return trickle(res, 100);
      json(res, 200, { ok: true });
    });
    try {
      const outcome = await scanWithin(8_000, server.url, {
        timeout: 1,
        deadline: 6,
      });
      const report = expectReport(outcome);
      assert.equal(report.target.endpoints, paths.length);
      assert.ok(outcome.ms < 6_500, `took ${Math.round(outcome.ms)} ms`);
    } finally {
      await server.close();
    }
  });

  it('the whole-scan deadline stops a scan of slow endpoints and marks the report partial', {
    timeout: 15_000,
  }, async () => {
    const paths = Array.from({ length: 40 }, (_, i) => `/slow/${i}`);
    const server = await startServer((req, res) => {
      if (req.url === '/' || req.url === '/openapi.json') return json(res, 200, spec(paths));
      setTimeout(() => json(res, 200, { id: req.url }), 700);
    });
    try {
      const outcome = await scanWithin(5_000, server.url, {
        timeout: 5,
        deadline: 2,
        concurrency: 2,
      });
      const report = expectReport(outcome);
      assert.equal(report.complete, false);
      assert.ok(
        report.warnings.some((w) => /deadline/.test(w)),
        JSON.stringify(report.warnings),
      );
      assert.ok(outcome.ms < 3_000, `took ${Math.round(outcome.ms)} ms`);
    } finally {
      await server.close();
    }
  });

  it('a login that never answers is a clear error, not a hang', { timeout: 10_000 }, async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/login') return;
      json(res, 200, { ok: true });
    });
    try {
      const outcome = await scanWithin(4_000, server.url, {
        timeout: 1,
        deadline: 3,
        identities: {
          alice: {
            login: {
              method: 'POST',
              path: '/login',
              json: { u: 'a' },
              extract: { from: 'json', path: 'token' },
            },
          },
        },
      });
      expectError(outcome, EXIT.usage, /login for identity "alice" failed/);
    } finally {
      await server.close();
    }
  });
});
