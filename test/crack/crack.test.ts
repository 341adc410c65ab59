import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BUILTIN_BYTE_SECRETS,
  BUILTIN_SECRETS,
  type CrackProgress,
  crack,
  djangoSignedCookieOptions,
  djangoTarget,
  expressTarget,
  flaskTarget,
  jwtTarget,
  verifySecret,
} from '../../src/crack/index.ts';

const b64u = (s: string): string => Buffer.from(s).toString('base64url');
const SIGNING_INPUT = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"user-1","role":"member"}')}`;
const hs = (alg: 'HS256' | 'HS384' | 'HS512', secret: string | Uint8Array): string => {
  const head = b64u(JSON.stringify({ alg, typ: 'JWT' }));
  const si = `${head}.${b64u('{"sub":"user-1"}')}`;
  const hash = alg === 'HS256' ? 'sha256' : alg === 'HS384' ? 'sha384' : 'sha512';
  return `${si}.${createHmac(hash, secret).update(si).digest('base64url')}`;
};
const MISS = 'Zq8!vR2#not-in-any-list-2025';
const BUILTIN_COUNT = BUILTIN_SECRETS.length + BUILTIN_BYTE_SECRETS.length;

describe('crack: built-in list, every target kind', () => {
  it('finds the jwt.io example secret', async () => {
    const token =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const r = await crack(jwtTarget(token), [{ kind: 'builtin' }]);
    assert.equal(r.secret, 'your-256-bit-secret');
    assert.equal(r.exhausted, false);
  });

  for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
    it(`${alg}: finds framework defaults, the empty secret and Superset's escaped key`, async () => {
      for (const secret of [
        '',
        'changeme',
        'CHANGE_TO_A_STRONG_RANDOM_SECRET_KEY',
        '\u0002\u0001thisismyscretkey\u0001\u0002\\e\\y\\y\\h',
      ]) {
        const r = await crack(jwtTarget(hs(alg, secret)), [{ kind: 'builtin' }]);
        assert.equal(r.secret, secret);
      }
    });
  }

  it('Flask: finds the Flask-Unsign README cookie secret and the quickstart bytes key', async () => {
    const readme = await crack(flaskTarget('eyJsb2dnZWRfaW4iOmZhbHNlfQ.XDuWxQ.E2Pyb6x3w-NODuflHoGnZOEpbH8'), [
      { kind: 'builtin' },
    ]);
    assert.equal(readme.secret, 'CHANGEME');
    const key = BUILTIN_BYTE_SECRETS[0]!;
    const derived = createHmac('sha1', key).update('cookie-session').digest();
    const signed = 'eyJ1c2VyIjoiYWRtaW4ifQ.Z0Bkqg';
    const cookie = `${signed}.${createHmac('sha1', derived).update(signed).digest('base64url')}`;
    const quickstart = await crack(flaskTarget(cookie), [{ kind: 'builtin' }]);
    assert.deepEqual(quickstart.secretBytes, key);
  });

  it('Express: finds the cookie-signature README secret', async () => {
    const r = await crack(expressTarget('s%3Ahello.DGDUkGlIkCzPz%2BC0B064FNgHdEjox7ch8tOBGslZ5QI'), [
      { kind: 'builtin' },
    ]);
    assert.equal(r.secret, 'tobiiscool');
  });

  it('Django: signing.dumps (sha256), legacy sha1 Signer and set_signed_cookie values', async () => {
    const secret = 'django-insecure-test-key';
    const cases = [
      djangoTarget('hello:1tWxyz:71mFWWw1ovD-xv34jCCMm0ISfFdIuQTGPRod4xDrjrA', {
        salt: 'django.core.signing',
      }),
      djangoTarget('hello:71H06oSMmnQaSvUheDDmU6tUnuo', {
        salt: 'django.core.signing.Signer',
        algorithm: 'sha1',
      }),
      djangoTarget(
        'somevalue:1tWxyz:laYW2bETG4UfSVvku-IGZ5GelvImxBhltCCuIFR4tT4',
        djangoSignedCookieOptions('sessionid'),
      ),
    ];
    const decoys = Array.from({ length: 3000 }, (_, i) => `decoy${i}`);
    for (const target of cases) {
      assert.ok(verifySecret(target, secret));
      const inline = await crack(target, [{ kind: 'list', values: [...decoys, secret] }], { workers: 0 });
      assert.equal(inline.secret, secret);
      const pooled = await crack(
        target,
        [{ kind: 'builtin' }, { kind: 'list', values: [...decoys, secret] }],
        { workers: 2 },
      );
      assert.equal(pooled.secret, secret);
      assert.equal(pooled.tried, BUILTIN_COUNT + decoys.length + 1);
    }
  });

  it('never reports a secret that is not in the sources', async () => {
    for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
      const r = await crack(jwtTarget(hs(alg, MISS)), [{ kind: 'builtin' }], { mutations: alg === 'HS256' });
      assert.equal(r.secret, undefined);
      assert.equal(r.exhausted, true);
      assert.ok(alg === 'HS256' ? r.tried > BUILTIN_COUNT * 20 : r.tried === BUILTIN_COUNT);
    }
    const r = await crack(flaskTarget('eyJsb2dnZWRfaW4iOmZhbHNlfQ.XDuWxQ.E2Pyb6x3w-NODuflHoGnZOEpbH8'), [
      { kind: 'list', values: ['changeme', 'CHANGEME '] },
    ]);
    assert.equal(r.secret, undefined);
    assert.equal(r.tried, 2);
  });

  it('finds a secret only after a mutation when mutations are on', async () => {
    const target = jwtTarget(hs('HS256', 'Changeme2024!'));
    const plain = await crack(target, [{ kind: 'builtin' }]);
    assert.equal(plain.exhausted, true);
    const mutated = await crack(target, [{ kind: 'builtin' }], { mutations: true });
    assert.equal(mutated.secret, 'Changeme2024!');
  });

  it('rejects a target whose signature has the wrong length', async () => {
    const t = jwtTarget(hs('HS256', 'x'));
    if (t.kind !== 'jwt') throw new Error('expected a JWT target');
    await assert.rejects(crack({ ...t, alg: 'HS512' }, [{ kind: 'builtin' }]), RangeError);
  });
});

describe('crack: progress and cancellation', () => {
  let dir = '';
  let big = '';
  const LINES = 400_000;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apiward-crack-'));
    big = join(dir, 'big.txt');
    await writeFile(big, Array.from({ length: LINES }, (_, i) => `word-${i}`).join('\n'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reports growing progress, ending with the final count and the source label', async () => {
    const seen: CrackProgress[] = [];
    const r = await crack(jwtTarget(hs('HS256', MISS)), [{ kind: 'file', path: big }], {
      progressIntervalMs: 0,
      onProgress: (p) => seen.push(p),
    });
    assert.equal(r.tried, LINES);
    assert.ok(seen.length > 2);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.tried >= seen[i - 1]!.tried);
    assert.equal(seen.at(-1)!.tried, LINES);
    assert.equal(seen.at(-1)!.source, big);
    assert.ok(r.rate > 0);
  });

  it('stops when the signal aborts, in workers and inline', async () => {
    for (const workers of [2, 0]) {
      const ac = new AbortController();
      const r = await crack(jwtTarget(hs('HS512', MISS)), [{ kind: 'file', path: big }], {
        workers,
        mutations: true,
        signal: ac.signal,
        progressIntervalMs: 0,
        onProgress: () => ac.abort(),
      });
      assert.equal(r.cancelled, true, `workers=${workers}`);
      assert.equal(r.exhausted, false);
      assert.equal(r.secret, undefined);
      assert.ok(r.tried < LINES * 10);
    }
  });

  it('does nothing with an already aborted signal', async () => {
    const r = await crack(jwtTarget(hs('HS256', 'secret')), [{ kind: 'builtin' }], {
      signal: AbortSignal.abort(),
    });
    assert.equal(r.cancelled, true);
    assert.equal(r.secret, undefined);
    assert.equal(r.tried, 0);
  });

  it('stops at the first hit without reading the rest of the file', async () => {
    const r = await crack(jwtTarget(hs('HS256', 'word-10')), [{ kind: 'file', path: big }]);
    assert.equal(r.secret, 'word-10');
    assert.ok(r.tried < LINES / 2);
  });

  it('tries sources in order and reports SIGNING_INPUT-independent counts', async () => {
    const si = new TextEncoder().encode(SIGNING_INPUT);
    const target = {
      kind: 'jwt',
      alg: 'HS256',
      signingInput: si,
      signature: createHmac('sha256', 'b').update(si).digest(),
    } as const;
    const r = await crack(target, [
      { kind: 'list', values: ['a'] },
      { kind: 'list', values: ['b', 'c'] },
    ]);
    assert.equal(r.secret, 'b');
  });
});
