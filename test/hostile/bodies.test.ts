import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Transport } from '../../src/http/transport.ts';
import { json, startServer } from '../helpers/server.ts';
import { expectReport, peakRssGrowthMb, scanWithin } from './harness.ts';

const MB = 1024 * 1024;
const CAP = 4 * MB;
const ZERO_CHUNK = Buffer.alloc(256 * 1024, 'a');
/** 16 MiB of zeros gzipped: ~16 KiB. Concatenated members are one valid gzip stream. */
const BOMB_MEMBER = gzipSync(Buffer.alloc(16 * MB));

/** Streams `total` bytes (or for ever), honouring backpressure; counts what actually left. */
function stream(res: ServerResponse, total: number, chunk: Buffer, sent: { bytes: number }): void {
  let left = total;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      sent.bytes += piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (left <= 0) res.end();
  };
  pump();
}

const transport = () => new Transport({ timeoutMs: 10_000, maxBodyBytes: CAP, connections: 4 });
const get = (url: string) => ({ method: 'GET' as const, url, headers: { 'accept-encoding': 'gzip' } });

describe('huge bodies', () => {
  // First in the file: RSS never shrinks, so earlier tests would hide the growth.
  it('a full scan of an API answering endless, gigabyte and bomb bodies stays bounded in memory', {
    timeout: 30_000,
  }, async () => {
    const paths = ['/endless', '/gigabyte', '/bomb', '/fine'];
    const server = await startServer((req, res) => {
      const path = req.url?.split('?')[0];
      if (path === '/openapi.json') {
        return json(res, 200, {
          openapi: '3.0.0',
          info: { title: 'big', version: '1' },
          paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: {} } }])),
        });
      }
      if (path === '/bomb') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return stream(res, 320 * BOMB_MEMBER.length, Buffer.concat(Array(320).fill(BOMB_MEMBER)), {
          bytes: 0,
        });
      }
      if (path === '/endless' || path === '/gigabyte') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return stream(res, path === '/endless' ? Number.POSITIVE_INFINITY : 1024 * MB, ZERO_CHUNK, {
          bytes: 0,
        });
      }
      json(res, 200, { ok: true });
    });
    try {
      const { value: outcome, growthMb } = await peakRssGrowthMb(() =>
        scanWithin(25_000, server.url, {
          deadline: 20,
        }),
      );
      const report = expectReport(outcome);
      assert.equal(report.target.endpoints, paths.length);
      assert.ok(growthMb < 400, `RSS grew by ${Math.round(growthMb)} MB`);
    } finally {
      await server.close();
    }
  });
  it('reads at most the cap of an endless body and of a 1 GB body', { timeout: 20_000 }, async () => {
    const sent = { bytes: 0 };
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      stream(res, req.url === '/endless' ? Number.POSITIVE_INFINITY : 1024 * MB, ZERO_CHUNK, sent);
    });
    const t = transport();
    try {
      for (const path of ['/endless', '/gigabyte']) {
        const response = await t.send(get(`${server.url}${path}`), new AbortController().signal);
        assert.equal(response.status, 200);
        assert.equal(response.truncated, true);
        assert.equal(response.bytes, CAP);
        assert.equal(response.body.length, CAP);
      }
      // The client stopped reading: far less than a gigabyte ever left the server.
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(sent.bytes < 200 * MB, `server wrote ${Math.round(sent.bytes / MB)} MB`);
    } finally {
      await t.close();
      await server.close();
    }
  });

  it('inflates a 5 GB gzip bomb only up to the cap', { timeout: 20_000 }, async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      // /small: 1 GiB once inflated, but under the wire cap; /bomb: 5 GiB, over it.
      const members = req.url === '/small' ? 64 : 320;
      stream(res, members * BOMB_MEMBER.length, Buffer.concat(Array(members).fill(BOMB_MEMBER)), {
        bytes: 0,
      });
    });
    const t = transport();
    try {
      for (const path of ['/small', '/bomb']) {
        const response = await t.send(get(`${server.url}${path}`), new AbortController().signal);
        assert.equal(response.truncated, true, path);
        assert.ok(response.body.length <= CAP, `${path}: ${response.body.length}`);
        assert.ok(response.bytes <= CAP);
      }
    } finally {
      await t.close();
      await server.close();
    }
  });
});
