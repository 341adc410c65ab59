import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport, findingsOf } from '../helpers/report.ts';
import { json, readBody, startServer, type TestServer } from '../helpers/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = join(ROOT, 'node_modules/.bin/node');
const BIN = join(ROOT, 'bin/apiward.js');
const dir = mkdtempSync(join(tmpdir(), 'apiward-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, in an empty directory, without a TTY. */
function apiward(args: string[], timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`apiward ${args.join(' ')} still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exactly one line on stderr, prefixed, no stack trace. */
function assertOneLineError(run: Run, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, `exit ${run.code}; stderr: ${run.stderr}`);
  const lines = run.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^apiward: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at |Error:|node:internal/);
  assert.equal(run.stdout, '');
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let api: TestServer;
before(async () => {
  api = await startServer((_req, res) => json(res, 200, { ok: true }));
});
after(() => api.close());

describe('CLI exit codes and errors', () => {
  it('usage errors exit 2 with one line', { timeout: 30_000 }, async () => {
    const unknownKey = file('unknown.json', JSON.stringify({ colour: 'always' }));
    const badSpec = file('spec.json', '{"openapi": "3.0.0", "paths": [');
    // A representative subset: test/engine/flags.test.ts and config.test.ts cover every rule in-process.
    const cases: Array<[string[], RegExp]> = [
      [['scan', 'not a url'], /invalid target URL/],
      [['scan', api.url, '--threshold', '101'], /threshold/],
      [['scan', api.url, '--format', 'xml'], /--format/],
      [['scan', api.url, '--no-such-option'], /unknown option/],
      [['scan', api.url, '--config', unknownKey], /unknown key "colour"/],
      [['scan', api.url, '--spec', badSpec], /spec .*not valid JSON/],
      [['demo', '--threshold', '101'], /--threshold/],
    ];
    const runs = await Promise.all(cases.map(([args]) => apiward(args)));
    for (const [i, run] of runs.entries()) assertOneLineError(run, 2, cases[i]![1]);
  });

  it('an unreachable target exits 3 with one line', { timeout: 20_000 }, async () => {
    const port = await freePort();
    assertOneLineError(await apiward(['scan', `http://127.0.0.1:${port}`]), 3, /unreachable.*refused/);
  });
});

describe('dead session', () => {
  it('a bearer token that stops working mid-scan exits 4 with one line and no report', {
    timeout: 20_000,
  }, async () => {
    let uses = 0;
    const dying = await startServer((req, res) => {
      if (req.url === '/openapi.json') {
        return json(res, 200, {
          openapi: '3.0.0',
          info: { title: 'dying', version: '1' },
          paths: Object.fromEntries(
            ['/api/a', '/api/b', '/api/c'].map((p) => [p, { get: { responses: {} } }]),
          ),
        });
      }
      const live = req.headers.authorization === 'Bearer dying-token-9Xq' && ++uses <= 14;
      if (live) return json(res, 200, { data: req.url });
      json(res, 401, { error: 'unauthorized' });
    });
    try {
      const run = await apiward(['scan', dying.url, '--bearer', 'dying-token-9Xq', '--format', 'json']);
      assertOneLineError(run, 4, /scan aborted: .*identity "user".*stopped working/);
      assert.doesNotMatch(run.stderr, /dying-token-9Xq/);
    } finally {
      await dying.close();
    }
  });
});

describe('apiward demo', () => {
  it('finds the planted flaws, writes a schema-valid JSON report, and applies the gates', {
    timeout: 30_000,
  }, async () => {
    const out = join(dir, 'demo.json');
    const [plain, gated, threshold] = await Promise.all([
      apiward(['demo']),
      apiward(['demo', '--format', 'json', '--output', out, '--fail-on', 'low']),
      apiward(['demo', '--format', 'json', '--threshold', '100']),
    ]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /Score \d+\/100/);

    assert.equal(gated.code, 1, gated.stderr);
    assert.equal(gated.stdout, '');
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    assertValidReport(report);
    for (const check of ['auth-missing', 'cookie-flags', 'auth-method-bypass']) {
      const found = findingsOf(report, check);
      assert.ok(found.length > 0, `demo: no ${check} finding`);
      assert.ok(found.every((f) => f.evidence.exchanges.length > 0 && (f.evidence.curl?.length ?? 0) > 0));
    }
    assert.deepEqual(
      findingsOf(report, 'auth-missing').map((f) => f.endpoint.path),
      ['/api/export'],
    );

    assert.equal(threshold.code, 1, threshold.stderr);
    const fromStdout = JSON.parse(threshold.stdout) as ScanReport;
    assertValidReport(fromStdout);
    assert.ok(fromStdout.score < 100);
  });
});

describe('secrets', () => {
  const PASSWORD = 'Zx9 "quoted" pa&ss=w0rd!~(q)';
  const FORM_PASSWORD = 'Yw8 form+pass/w0rd?&x=1';
  const TOKEN = 'tok_Q7wz4KpL2mNvX9rT';

  it('credentials never appear on stdout, stderr, or in the report file', { timeout: 30_000 }, async () => {
    const issued = new Set<string>();
    const echo = await startServer(async (req, res) => {
      const path = req.url?.split('?')[0];
      const body = await readBody(req);
      if (path === '/login' || path === '/form-login') {
        const token = `issued_${issued.size}_Hq3LmP8x`;
        issued.add(token);
        return json(
          res,
          200,
          { token, user_id: issued.size, echo: body },
          { 'set-cookie': `session=${token}; Path=/` },
        );
      }
      const query = new URL(req.url ?? '/', 'http://x').searchParams.get('access_token');
      const auth = req.headers.authorization ?? (query ? `Bearer ${query}` : '');
      const known = auth === `Bearer ${TOKEN}` || [...issued].some((t) => auth === `Bearer ${t}`);
      if (path === '/openapi.json') {
        return json(res, 200, {
          openapi: '3.0.0',
          info: { title: 'echo', version: '1' },
          security: [{ b: [] }],
          components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } },
          paths: { '/api/me': { get: { responses: {} } }, '/api/leak': { get: { responses: {} } } },
        });
      }
      // A hostile API: echoes the caller's credentials, and /api/leak is open to anyone.
      if (path === '/api/leak' || known)
        return json(res, 200, { you: auth, cookie: req.headers.cookie ?? '', q: req.url });
      json(res, 401, { error: 'unauthorized', got: auth });
    });
    const config = file(
      'secrets.json',
      JSON.stringify({
        identities: {
          alice: {
            login: {
              path: '/login',
              json: { username: 'alice', password: PASSWORD },
              extract: { from: 'json', path: 'token' },
            },
          },
          bob: {
            login: {
              path: '/form-login',
              form: { username: 'bob', password: FORM_PASSWORD },
              extract: { from: 'json', path: 'token' },
              apply: { in: 'query', name: 'access_token' },
            },
          },
          carol: { bearer: TOKEN },
        },
      }),
    );
    const out = join(dir, 'secrets-report.json');
    try {
      const runs = await Promise.all([
        apiward(['scan', echo.url, '--config', config, '--format', 'json', '--output', out]),
        apiward(['scan', echo.url, '--config', config, '--format', 'summary']),
      ]);
      for (const run of runs) assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
      assertValidReport(report);
      assert.ok(report.findings.length > 0, 'the scan found nothing: the leak check is vacuous');
      const outputs = [
        readFileSync(out, 'utf8'),
        ...runs.flatMap((r) => [r.stdout, r.stderr]),
        ...allStrings(report),
      ];
      const secrets = [PASSWORD, FORM_PASSWORD, TOKEN, ...issued];
      for (const secret of secrets) {
        for (const form of encodings(secret)) {
          const hit = outputs.find((o) => o.includes(form));
          assert.equal(hit, undefined, `secret ${JSON.stringify(secret)} leaked as ${JSON.stringify(form)}`);
        }
      }
    } finally {
      await echo.close();
    }
  });
});

/** The shapes a secret takes in requests and reports. */
function encodings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
  ];
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
