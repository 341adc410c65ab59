import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, startServer, type TestServer } from '../helpers/server.ts';
import { expectReport, scanWithin } from './harness.ts';

/** Another origin on loopback: no request of any scan may ever reach it. */
let elsewhere: TestServer;
before(async () => {
  elsewhere = await startServer((_req, res) => json(res, 200, { secret: 'you should not be here' }));
});
after(() => elsewhere.close());

const quick = { deadline: 10 };

describe('redirects and foreign links', () => {
  it('never follows a redirect loop', { timeout: 15_000 }, async () => {
    const server = await startServer((req, res) => {
      const path = req.url?.split('?')[0] ?? '/';
      if (path.startsWith('/loop-')) {
        const n = Number(path.slice(6)) + 1;
        res.writeHead(302, { location: `/loop-${n}` });
        res.end();
        return;
      }
      res.writeHead(302, { location: path === '/loop' ? '/loop' : '/loop-0' });
      res.end();
    });
    try {
      const report = expectReport(await scanWithin(10_000, server.url, quick));
      assert.ok(report.requestsSent < 200);
      assert.ok(!server.requests.some((r) => r.url.startsWith('/loop-')), 'a redirect was followed');
    } finally {
      await server.close();
    }
  });

  it('never sends a request to another origin: redirects, links, protocol-relative paths, spec servers', {
    timeout: 15_000,
  }, async () => {
    const other = elsewhere.url;
    const otherHost = new URL(other).host;
    const server = await startServer((req, res) => {
      const path = req.url?.split('?')[0] ?? '/';
      if (path === '/openapi.json') {
        return json(res, 200, {
          openapi: '3.0.0',
          info: { title: 'x', version: '1' },
          servers: [{ url: `${other}/v1` }],
          paths: {
            '/api/me': { get: { responses: {} } },
            '/api/away': { get: { responses: {} } },
          },
        });
      }
      if (path === '/v1/api/away') {
        res.writeHead(307, { location: `${other}/v1/api/away` });
        res.end();
        return;
      }
      json(res, 200, { self: `${other}/v1/api/me`, next: `//${otherHost}/v1/api/next`, up: '/v1/api/me' });
    });
    try {
      const report = expectReport(await scanWithin(10_000, server.url, quick));
      assert.ok(
        report.warnings.some((w) => w.includes(other)),
        JSON.stringify(report.warnings),
      );
      assert.deepEqual(elsewhere.requests, []);
    } finally {
      await server.close();
    }
  });

  it('discovery ignores protocol-relative and absolute links to other hosts', {
    timeout: 15_000,
  }, async () => {
    const otherHost = new URL(elsewhere.url).host;
    const server = await startServer((req, res) => {
      const path = req.url?.split('?')[0] ?? '/';
      if (path === '/' || path === '/api')
        return json(res, 200, {
          links: [
            `//${otherHost}/api/users`,
            `${elsewhere.url}/admin`,
            '/api/things',
            '//localhost/api/admin',
          ],
        });
      if (path === '/api/things') return json(res, 200, [{ id: 1 }]);
      res.writeHead(301, { location: `${elsewhere.url}${path}` });
      res.end();
    });
    try {
      const report = expectReport(await scanWithin(10_000, server.url, quick));
      assert.ok(report.target.endpoints >= 1);
      assert.deepEqual(elsewhere.requests, []);
      assert.ok(
        server.requests.some((r) => r.url === '/api/things'),
        'same-origin link followed',
      );
    } finally {
      await server.close();
    }
  });
});
