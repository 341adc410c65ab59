import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type CrackTarget, crack } from '../../src/crack/index.ts';
import { fileChunks } from '../../src/crack/sources.ts';

const SI = new TextEncoder().encode('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0');
const target = (secret: string | Uint8Array): CrackTarget => ({
  kind: 'jwt',
  alg: 'HS256',
  signingInput: SI,
  signature: createHmac('sha256', secret).update(SI).digest(),
});

let dir = '';
let n = 0;
const file = async (content: string | Uint8Array): Promise<string> => {
  const path = join(dir, `list-${n++}.txt`);
  await writeFile(path, content);
  return path;
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apiward-wordlist-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('word lists', () => {
  const words = Array.from({ length: 5000 }, (_, i) => `candidate-${i}`);

  for (const workers of [0, 2]) {
    it(`finds a secret at the start, middle and end, with CRLF, a BOM and no final newline (workers=${workers})`, async () => {
      const body = `\ufeff${words.join('\r\n')}`;
      const path = await file(body);
      for (const at of [0, 2500, 4999]) {
        const r = await crack(target(words[at]!), [{ kind: 'file', path }], { workers });
        assert.equal(r.secret, words[at], `at ${at}`);
      }
      const miss = await crack(target('candidate-5000'), [{ kind: 'file', path }], { workers });
      assert.equal(miss.exhausted, true);
      assert.equal(miss.tried, words.length);
    });
  }

  it('skips blank lines and keeps other whitespace as part of the secret', async () => {
    const path = await file('\n\r\n  padded  \n\n\tx\n\n');
    const r = await crack(target('  padded  '), [{ kind: 'file', path }]);
    assert.equal(r.secret, '  padded  ');
    const miss = await crack(target('padded'), [{ kind: 'file', path }]);
    assert.equal(miss.tried, 2);
    assert.equal(miss.exhausted, true);
    const trimmed = await crack(target('padded'), [{ kind: 'file', path }], { mutations: true });
    assert.equal(trimmed.secret, 'padded');
  });

  it('handles a line longer than a read chunk and lines after it', async () => {
    const long = 'L'.repeat(700_000);
    const path = await file(`a\n${long}\nafter\n`);
    assert.equal((await crack(target(long), [{ kind: 'file', path }])).secret, long);
    assert.equal((await crack(target('after'), [{ kind: 'file', path }])).secret, 'after');
  });

  it('reads Flask-Unsign style Python literals when asked', async () => {
    const raw = Uint8Array.from([0, 0x61, 0xff]);
    const path = await file(`'changeme'\n"it's"\nb'\\x00a\\xff'\nnot a literal\n'with # hash' # comment\n`);
    const py = async (secret: string | Uint8Array) =>
      crack(target(secret), [{ kind: 'file', path, format: 'python-literal' }], { workers: 0 });
    assert.equal((await py('changeme')).secret, 'changeme');
    assert.equal((await py("it's")).secret, "it's");
    assert.deepEqual((await py(raw)).secretBytes, raw);
    assert.equal((await py('not a literal')).secret, 'not a literal');
    assert.equal((await py('with # hash')).secret, 'with # hash');
    const plain = await crack(target('changeme'), [{ kind: 'file', path }]);
    assert.equal(plain.exhausted, true);
  });

  it('streams a large file in bounded chunks that end on line boundaries', async () => {
    const lines = 300_000;
    const path = await file(Array.from({ length: lines }, (_, i) => `w${i}`).join('\n'));
    let count = 0;
    let biggest = 0;
    for await (const chunk of fileChunks(path, 64 * 1024)) {
      biggest = Math.max(biggest, chunk.length);
      assert.ok(chunk.at(-1) === 10 || count + 1 === lines, 'chunk ends with a newline');
      for (const b of chunk) if (b === 10) count++;
    }
    assert.equal(count + 1, lines);
    assert.ok(biggest <= 64 * 1024 + 16);
    const r = await crack(target(`w${lines - 1}`), [{ kind: 'file', path }], { workers: 2 });
    assert.equal(r.secret, `w${lines - 1}`);
    const miss = await crack(target('w-none'), [{ kind: 'file', path }], { workers: 2 });
    assert.equal(miss.tried, lines);
  });

  it('any mix of line lengths (past the block size) and line endings: finds the planted line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[^\r\n]{0,150}$/), { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom('\n', '\r\n')),
        fc.nat(),
        async (lines, eols, pick) => {
          const body = lines.map((l, i) => l + (eols[i] ?? '\n')).join('');
          const path = await file(body);
          const nonEmpty = lines.filter((l) => l !== '');
          const secret = nonEmpty[pick % Math.max(1, nonEmpty.length)] ?? 'absent';
          const r = await crack(target(secret), [{ kind: 'file', path }], { workers: 0 });
          assert.equal(r.secret, nonEmpty.length > 0 ? secret : undefined);
          if (nonEmpty.length === 0) assert.equal(r.tried, 0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('every chunking of any list yields its lines exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[^\r\n]{0,30}$/), { maxLength: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 50 }),
        async (lines, eol, bom, chunkBytes) => {
          const path = await file((bom ? '\ufeff' : '') + lines.join(eol));
          const seen: string[] = [];
          for await (const chunk of fileChunks(path, chunkBytes))
            seen.push(Buffer.from(chunk).toString('utf8'));
          const got = seen
            .join('')
            .split('\n')
            .map((l) => l.replace(/\r$/, ''));
          const want = lines.length === 0 ? [''] : lines;
          assert.deepEqual(got.slice(0, want.length), want);
        },
      ),
      { numRuns: 80 },
    );
  });
});
