import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeText, tokenFromText } from '../../src/cli/commands/jwt.ts';
import { ApiwardError } from '../../src/core/errors.ts';

const BIN = new URL('../../bin/apiward.js', import.meta.url).pathname;

function apiward(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const seg = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function hs256(secret: string, payload: object, alg = 'HS256'): string {
  const h = seg({ alg, typ: 'JWT' });
  const p = seg(payload);
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${h}.${p}.${createHmac(hash, secret).update(`${h}.${p}`).digest('base64url')}`;
}

const now = Math.floor(Date.now() / 1000);

describe('apiward jwt <token>', { concurrency: true }, () => {
  it('decodes and audits offline', async () => {
    const token = hs256('x'.repeat(40), { sub: '42', is_admin: false, iat: now, exp: now + 30 * 86400 });
    const r = await apiward(['jwt', token]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /header: {4}\{"alg":"HS256","typ":"JWT"\}/);
    assert.match(r.stdout, /"sub": "42"/);
    assert.match(r.stdout, /MEDIUM {3}jwt-long-lifetime/);
    assert.match(r.stdout, /jwt-sensitive-claims/);
    assert.match(r.stdout, /apiward jwt crack/);
  });

  it('reads "Bearer <token>" from stdin and prints JSON', async () => {
    const token = hs256('k', { sub: 'a' });
    const r = await apiward(['jwt', '-', '--json'], `Bearer ${token}\n`);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      kind: string;
      payload: { sub: string };
      issues: Array<{ check: string }>;
    };
    assert.equal(out.kind, 'jws');
    assert.equal(out.payload.sub, 'a');
    assert.ok(out.issues.some((i) => i.check === 'jwt-missing-exp'));
  });

  it('reports a JWE without failing', async () => {
    const r = await apiward(['jwt', `${seg({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /JWE/);
  });

  it('malformed token: one clear line on stderr, exit 2', async () => {
    const r = await apiward(['jwt', `${seg({ alg: 'HS256' })}.${seg([1, 2])}.sig`]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'apiward: error: not a JWT: payload is JSON array, not a JSON object\n');
  });

  it('any malformed input is a usage error with a one-line message, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}.${b}.x`),
          fc.jsonValue().map((v) => `${seg(v)}.${seg(v)}.sig`),
          fc.jsonValue().map((v) => `${seg({ alg: 'HS256', x: v })}.${seg({ exp: v })}.${seg(v)}`),
        ),
        (raw) => {
          try {
            decodeText(tokenFromText(raw));
          } catch (error) {
            assert.ok(error instanceof ApiwardError, String(error));
            assert.equal(error.exitCode, 2);
            assert.match(error.message, /^not a JWT: [^\n]+$/);
            assert.ok(error.message.length < 200);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('apiward jwt crack', { concurrency: true }, () => {
  it('finds a built-in secret, prints it on stdout and the rate on stderr', async () => {
    const r = await apiward(['jwt', 'crack', hs256('supersecret', { sub: '1' })]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'secret: "supersecret"\n');
    assert.match(r.stderr, /HS256 secret found after \d+ candidates in .+ \(.+\/s\)/);
  });

  it('uses --wordlist for secrets not in the built-in list (HS512)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiward-wl-'));
    const list = join(dir, 'words.txt');
    writeFileSync(list, ['alpha', 'bravo', 'charlie-delta-42', 'echo'].join('\n'));
    const r = await apiward([
      'jwt',
      'crack',
      hs256('charlie-delta-42', { sub: '1' }, 'HS512'),
      '--wordlist',
      list,
      '--no-builtin',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'secret: "charlie-delta-42"\n');
  });

  it('exit 1 when the secret is not found', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiward-wl-'));
    const list = join(dir, 'words.txt');
    writeFileSync(list, 'nope\nnothing\n');
    const r = await apiward([
      'jwt',
      'crack',
      hs256('a-real-random-secret-91f2', { sub: '1' }),
      '-w',
      list,
      '--no-builtin',
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'secret: not found\n');
    assert.match(r.stderr, /not found after 2 candidates/);
  });

  it('usage errors exit 2 with one line: RS256 token, missing word list, malformed token', async () => {
    const rs = `${seg({ alg: 'RS256' })}.${seg({ sub: 1 })}.AAAA`;
    for (const [args, pattern] of [
      [['jwt', 'crack', rs], /alg "RS256" is not HMAC/],
      [
        ['jwt', 'crack', hs256('k', {}), '-w', '/nonexistent/list.txt'],
        /cannot read word list \/nonexistent\/list\.txt: ENOENT/,
      ],
      [['jwt', 'crack', 'abc.def'], /not a JWT: a JWT has 3 dot-separated segments/],
    ] as const) {
      const r = await apiward([...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
