import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/core/errors.ts';
import { Transport } from '../../src/http/transport.ts';
import { json, startServer } from '../helpers/server.ts';
import { expectError, expectReport, rawResponse, scanWithin, startRawServer } from './harness.ts';

/** Broken answers, by path. Each either ends the connection or never completes a valid response. */
const BROKEN: Record<string, (socket: Socket) => void> = {
  '/bad-header-name': (s) =>
    rawResponse(s, 'HTTP/1.1 200 OK\r\nBad Header Name: x\r\nContent-Type: application/json', '{}'),
  '/no-colon': (s) => rawResponse(s, 'HTTP/1.1 200 OK\r\nthis is not a header', '{}'),
  '/bad-status': (s) => s.end('HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}'),
  '/not-http': (s) => s.end('SSH-2.0-OpenSSH_9.0\r\n'),
  '/nul-in-header': (s) => rawResponse(s, 'HTTP/1.1 200 OK\r\nX-Thing: a\u0000b', '{}'),
  '/huge-header': (s) => rawResponse(s, `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(200_000)}`, '{}'),
  '/lying-length': (s) =>
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{"short":'),
  '/double-length': (s) =>
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{}'),
  '/bad-chunked': (s) =>
    s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nnope\r\n'),
  '/bad-gzip': (s) =>
    rawResponse(
      s,
      'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json',
      'not gzip at all',
    ),
  '/reset': (s) => s.destroy(),
  '/reset-mid-body': (s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: application/json\r\n\r\n{"a":');
    setTimeout(() => s.resetAndDestroy(), 20);
  },
  '/invalid-json': (s) =>
    rawResponse(s, 'HTTP/1.1 200 OK\r\nContent-Type: application/json', '{"users": [{"id": 1, "email": '),
};
/** Valid JSON nested 50,000 deep: JSON.parse copes, recursive walkers may not. */
const DEEP_JSON = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;

function spec(paths: string[]) {
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'broken', version: '1' },
    security: [{ k: [] }],
    components: { securitySchemes: { k: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
    paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: {} } }])),
  });
}

describe('malformed responses', () => {
  it('the transport turns every broken answer into a response or a one-line error, never a throw', {
    timeout: 15_000,
  }, async () => {
    const server = await startRawServer((req, socket) => BROKEN[req.path]?.(socket) ?? socket.destroy());
    const t = new Transport({ timeoutMs: 2_000, maxBodyBytes: 1024 * 1024, connections: 4 });
    try {
      for (const path of Object.keys(BROKEN)) {
        const outcome = await t
          .send({ method: 'GET', url: `${server.url}${path}`, headers: {} }, new AbortController().signal)
          .then(
            (r) => ({ ok: true as const, status: r.status }),
            (e: Error) => ({ ok: false as const, name: e.name, message: e.message }),
          );
        if (!outcome.ok) {
          assert.equal(outcome.name, 'TransportError', `${path}: ${outcome.message}`);
          assert.ok(!outcome.message.includes('\n'), path);
        }
      }
    } finally {
      await t.close();
      await server.close();
    }
  });

  it('a scan over broken endpoints finishes with a report and no finding from garbage', {
    timeout: 20_000,
  }, async () => {
    const paths = Object.keys(BROKEN);
    const server = await startRawServer((req, socket) => {
      const path = req.path.split('?')[0]!;
      const broken = BROKEN[path];
      if (broken) return broken(socket);
      if (path === '/openapi.json')
        return rawResponse(socket, 'HTTP/1.1 200 OK\r\nContent-Type: application/json', spec(paths));
      rawResponse(socket, 'HTTP/1.1 200 OK\r\nContent-Type: application/json', '{"status":"up"}');
    });
    try {
      const report = expectReport(await scanWithin(15_000, server.url, { timeout: 2, deadline: 12 }));
      assert.equal(report.target.endpoints, paths.length);
      assert.deepEqual(report.checkErrors, []);
      const flagged = report.findings.filter(
        (f) => f.check === 'auth-missing' || f.check === 'auth-method-bypass',
      );
      // Only the one that carries data on a declared-secure operation may be reported.
      assert.ok(
        flagged.every((f) => f.endpoint.path === '/invalid-json'),
        JSON.stringify(flagged.map((f) => f.endpoint.path)),
      );
    } finally {
      await server.close();
    }
  });

  it('a target that resets every connection is unreachable (exit 3) in one line', {
    timeout: 10_000,
  }, async () => {
    const server = await startRawServer((_req, socket) => socket.destroy());
    try {
      expectError(await scanWithin(5_000, server.url, { timeout: 2 }), EXIT.unreachable, /unreachable/);
    } finally {
      await server.close();
    }
  });

  it('connections reset on a few requests only do not sink the scan', { timeout: 15_000 }, async () => {
    let n = 0;
    const server = await startServer((req, res) => {
      if (req.url === '/openapi.json') {
        return json(res, 200, JSON.parse(spec(['/a', '/b', '/c', '/d'])));
      }
      if (++n % 3 === 0) return void req.socket.destroy();
      json(res, 200, { ok: true });
    });
    try {
      const report = expectReport(await scanWithin(10_000, server.url, { timeout: 2 }));
      assert.equal(report.target.endpoints, 4);
      assert.deepEqual(report.checkErrors, []);
    } finally {
      await server.close();
    }
  });

  it('deeply nested JSON does not crash a check', {
    timeout: 15_000,
  }, async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/openapi.json') return json(res, 200, JSON.parse(spec(['/deep'])));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(DEEP_JSON);
    });
    try {
      const report = expectReport(await scanWithin(10_000, server.url, { timeout: 2 }));
      assert.deepEqual(report.checkErrors, []);
    } finally {
      await server.close();
    }
  });
});
