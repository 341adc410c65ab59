import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crack, verifySecret } from '../../src/crack/index.ts';
import {
  crackTargetFor,
  decodeDjangoSigned,
  decodeExpressCookie,
  decodeFlaskCookie,
  forgeSignedCookie,
  recogniseSignedCookie,
  signDjango,
  signExpressCookie,
  signFlaskCookie,
  swapValues,
} from '../../src/session/index.ts';

/** Captured from the lab's 002-published app (Flask 2.2, itsdangerous), key from the seed article. */
const SEED_002 = {
  cookie:
    'eyJ1c2VyX2lkIjoiM2I5ZjkxZWEtZWJkMi00ODUxLTk3Y2UtYWUyN2U5NTQ0NmNhIn0.awLqrA.ySIlTdQi385gq3vaf1PbAnYXsRc',
  secret: 'CHANGE_TO_A_STRONG_RANDOM_SECRET_KEY',
};

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const sessionData = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 5 }),
  ),
  { maxKeys: 6 },
);
const secret = fc.string({ minLength: 1, maxLength: 40 });

describe('Flask session cookies', () => {
  it('decodes a real Flask cookie and verifies with its key', () => {
    const c = recogniseSignedCookie('session', SEED_002.cookie)!;
    assert.equal(c.kind, 'flask');
    assert.deepEqual(c.data, { user_id: '3b9f91ea-ebd2-4851-97ce-ae27e95446ca' });
    assert.ok(verifySecret(crackTargetFor(c), SEED_002.secret));
    assert.ok(!verifySecret(crackTargetFor(c), 'CHANGE_ME'));
  });

  it('the built-in list cracks the seed 002 placeholder key', async () => {
    const c = recogniseSignedCookie('session', SEED_002.cookie)!;
    const result = await crack(crackTargetFor(c), [{ kind: 'builtin' }], { workers: 0 });
    assert.equal(result.secret, SEED_002.secret);
  });

  it('sign → decode round-trips and the signature verifies (plain and compressed)', () => {
    fc.assert(
      fc.property(sessionData, secret, fc.boolean(), (data, key, big) => {
        const payload = big ? { ...data, pad: 'x'.repeat(200) } : data;
        const cookie = signFlaskCookie(JSON.stringify(payload), key, { issuedAt: 1_700_000_000 });
        if (big) assert.ok(cookie.startsWith('.'), 'a long repetitive payload is compressed');
        const decoded = decodeFlaskCookie(cookie)!;
        assert.deepEqual(decoded.data, plain(payload));
        assert.equal(decoded.issuedAt, 1_700_000_000);
        const parsed = recogniseSignedCookie('session', cookie)!;
        assert.ok(verifySecret(crackTargetFor(parsed), key));
      }),
      { numRuns: 150 },
    );
  });

  it('untags Flask tagged JSON (tuples, bytes)', () => {
    const cookie = signFlaskCookie(JSON.stringify({ t: { ' t': [1, 2] }, b: { ' b': 'aGk=' } }), 'k');
    assert.deepEqual(decodeFlaskCookie(cookie)!.data, { t: [1, 2], b: 'hi' });
  });

  it('rejects values of other shapes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const d = decodeFlaskCookie(s);
        if (d) assert.ok(typeof d.json === 'string');
      }),
    );
    assert.equal(decodeFlaskCookie('abc.def'), undefined);
    assert.equal(decodeFlaskCookie('eyJhIjoxfQ.AAAA.short'), undefined);
  });
});

describe('Express and Django signed values', () => {
  it('Express cookie-signature: sign → decode → verify, JSON cookies parsed', () => {
    fc.assert(
      fc.property(sessionData, secret, (data, key) => {
        const wire = signExpressCookie(`j:${JSON.stringify(data)}`, key);
        const d = decodeExpressCookie(wire)!;
        assert.deepEqual(d.data, plain(data));
        const c = recogniseSignedCookie('sess', wire)!;
        assert.equal(c.kind, 'express');
        assert.ok(verifySecret(crackTargetFor(c), key));
      }),
      { numRuns: 100 },
    );
  });

  it('Django signing.dumps: sign → decode → verify (sha256 and sha1)', () => {
    fc.assert(
      fc.property(
        sessionData,
        secret,
        fc.constantFrom('sha256' as const, 'sha1' as const),
        (data, key, algorithm) => {
          const value = signDjango(JSON.stringify(data), key, { algorithm, issuedAt: 1_700_000_000 });
          const d = decodeDjangoSigned(value)!;
          assert.deepEqual(d.data, plain(data));
          assert.equal(d.issuedAt, 1_700_000_000);
          const c = recogniseSignedCookie('sessionid', value)!;
          assert.equal(c.kind, 'django');
          assert.ok(verifySecret(crackTargetFor(c), key));
          assert.ok(!verifySecret(crackTargetFor(c), `${key}x`));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('forgeSignedCookie re-signs in the same format with the new content', () => {
    for (const wire of [
      signFlaskCookie('{"user_id":"1"}', 'k'),
      signExpressCookie('j:{"user_id":"1"}', 'k'),
      signDjango('{"user_id":"1"}', 'k'),
    ]) {
      const c = recogniseSignedCookie('s', wire)!;
      const { value, changed } = swapValues(c.raw, new Map([['1', '2']]));
      assert.deepEqual(changed, ['user_id']);
      const forged = recogniseSignedCookie('s', forgeSignedCookie(c, value, 'k'))!;
      assert.equal(forged.kind, c.kind);
      assert.deepEqual(forged.data, { user_id: '2' });
      assert.ok(verifySecret(crackTargetFor(forged), 'k'));
    }
  });

  it('swapValues keeps numbers numeric and leaves other values alone', () => {
    const r = swapValues(
      { id: 7, name: 'alice', nested: [{ owner: 'alice' }] },
      new Map([
        ['7', '8'],
        ['alice', 'bob'],
      ]),
    );
    assert.deepEqual(r.value, { id: 8, name: 'bob', nested: [{ owner: 'bob' }] });
    assert.deepEqual(r.changed.sort(), ['id', 'name', 'nested[0].owner']);
  });
});
