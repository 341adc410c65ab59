import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/core/errors.ts';
import { hugeCyclicSpec } from '../engine/spec-docs.ts';
import { json, startServer } from '../helpers/server.ts';
import { expectError, expectReport, scanWithin } from './harness.ts';

describe('hostile OpenAPI documents', () => {
  it('a discovered spec with $ref cycles and 3,000 operations, servers elsewhere: bounded scan, nothing leaves', {
    timeout: 30_000,
  }, async () => {
    const elsewhere = await startServer((_req, res) => json(res, 200, {}));
    const doc = hugeCyclicSpec(3_000, [`${elsewhere.url}/api`, 'https://api.example.invalid/v1']);
    const server = await startServer((req, res) => {
      if (req.url === '/openapi.json') return json(res, 200, doc);
      json(res, 200, { id: 1 });
    });
    try {
      const report = expectReport(await scanWithin(20_000, server.url, { deadline: 15, maxRequests: 600 }));
      assert.equal(report.target.endpoints, 3_000);
      assert.equal(report.target.spec, '/openapi.json');
      assert.ok(
        report.warnings.some((w) => w.includes(elsewhere.url)),
        JSON.stringify(report.warnings),
      );
      assert.ok(report.requestsSent <= 600);
      assert.deepEqual(elsewhere.requests, []);
      // The spec's server path is kept as a prefix on the scanned origin.
      assert.ok(server.requests.some((r) => r.url.startsWith('/api/items/')));
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });

  it('a given spec file that is invalid, unreadable, or dangling is a usage error (exit 2)', {
    timeout: 15_000,
  }, async () => {
    const server = await startServer((req, res) =>
      req.url === '/missing-on-target.json'
        ? json(res, 404, { error: 'not found' })
        : json(res, 200, { ok: true }),
    );
    const dir = tmpdir();
    const invalid = join(dir, `apiward-invalid-${process.pid}.json`);
    writeFileSync(invalid, '{"openapi": "3.0.0", "paths": ');
    const notOpenApi = join(dir, `apiward-notoas-${process.pid}.yaml`);
    writeFileSync(notOpenApi, 'hello: world\n');
    const dangling = join(dir, `apiward-dangling-${process.pid}.json`);
    writeFileSync(
      dangling,
      JSON.stringify({
        openapi: '3.0.0',
        info: {},
        paths: { '/a': { get: { parameters: [{ $ref: '#/nope' }] } } },
      }),
    );
    try {
      for (const [spec, pattern] of [
        [invalid, /not valid JSON/],
        [notOpenApi, /not OpenAPI/],
        [dangling, /spec/],
        [dir, /cannot read spec/],
        ['missing-spec.json', /not found/],
        ['/missing-on-target.json', /cannot download spec .*HTTP 404/],
        ['http://127.0.0.1:1/openapi.json', /outside the target's origin/],
      ] as const) {
        const outcome = await scanWithin(5_000, server.url, { spec });
        expectError(outcome, EXIT.usage, pattern);
      }
    } finally {
      await server.close();
    }
  });
});
