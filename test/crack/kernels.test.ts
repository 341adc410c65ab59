import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CrackTarget, crack } from '../../src/crack/index.ts';

type Kind = 'HS256' | 'HS384' | 'HS512' | 'flask' | 'express';
const KINDS: Kind[] = ['HS256', 'HS384', 'HS512', 'flask', 'express'];

/** Builds a target signed with `key` using node:crypto directly. */
function targetFor(kind: Kind, key: Uint8Array, msg: Uint8Array): CrackTarget {
  switch (kind) {
    case 'HS256':
    case 'HS384':
    case 'HS512': {
      const alg = kind === 'HS256' ? 'sha256' : kind === 'HS384' ? 'sha384' : 'sha512';
      return {
        kind: 'jwt',
        alg: kind,
        signingInput: msg,
        signature: createHmac(alg, key).update(msg).digest(),
      };
    }
    case 'flask': {
      const derived = createHmac('sha1', key).update('cookie-session').digest();
      return {
        kind: 'flask-session',
        signedValue: msg,
        signature: createHmac('sha1', derived).update(msg).digest(),
      };
    }
    case 'express':
      return {
        kind: 'express-cookie',
        value: msg,
        signature: createHmac('sha256', key).update(msg).digest(),
      };
  }
}

async function finds(target: CrackTarget, values: Uint8Array[]): Promise<Uint8Array | undefined> {
  const r = await crack(target, [{ kind: 'list', values }], { workers: 0 });
  return r.secretBytes;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (n: number, seed: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

/**
 * HMAC zero-pads short keys to the block size, so keys that differ only by trailing zero bytes
 * (e.g. [] and [0]) sign identically: both are correct answers, so neither can be a decoy.
 */
function hmacEquivalent(kind: Kind, a: Uint8Array, b: Uint8Array): boolean {
  const block = kind === 'HS384' || kind === 'HS512' ? 128 : 64;
  const trim = (k: Uint8Array) => {
    let end = k.length;
    while (end > 0 && k[end - 1] === 0) end--;
    return k.subarray(0, end);
  };
  if (a.length > block || b.length > block) return Buffer.compare(a, b) === 0;
  return Buffer.compare(trim(a), trim(b)) === 0;
}

describe('SIMD kernels agree with node:crypto', () => {
  for (const kind of KINDS) {
    it(`${kind}: random keys (empty, > block size, non-ASCII) and messages, at any lane`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ unit: 'binary', maxLength: 80 }).map((s): Uint8Array => enc(s)),
          ),
          fc.uint8Array({ maxLength: 400 }),
          fc.array(fc.uint8Array({ maxLength: 140 }), { maxLength: 12 }),
          fc.nat(),
          async (key, msg, decoys, at) => {
            const others = decoys.filter((d) => !hmacEquivalent(kind, d, key));
            const list: Uint8Array[] = [...others];
            list.splice(at % (others.length + 1), 0, key);
            const target = targetFor(kind, key, msg);
            assert.deepEqual(await finds(target, list), key);
            assert.equal(await finds(target, others), undefined);
          },
        ),
        { numRuns: 40 },
      );
    });

    it(`${kind}: every message length around the block boundaries`, async () => {
      // SHA-1/256 blocks are 64 bytes (padding spills over after 55), SHA-512 blocks 128 (after 111).
      const lengths = [
        0,
        1,
        2,
        3,
        ...range(40, 72),
        ...range(100, 136),
        ...range(176, 196),
        ...range(236, 260),
      ];
      for (const len of lengths) {
        const key = bytes(1 + (len % 70), len);
        const target = targetFor(kind, key, bytes(len, 7));
        assert.deepEqual(await finds(target, [bytes(3, 1), key, bytes(9, 2)]), key, `length ${len}`);
      }
    });

    it(`${kind}: key lengths from 0 to 2 blocks + 1`, async () => {
      for (const len of [
        0,
        1,
        2,
        3,
        4,
        5,
        19,
        20,
        21,
        31,
        32,
        33,
        47,
        48,
        49,
        ...range(60, 68),
        ...range(124, 132),
        200,
        256,
        257,
      ]) {
        const key = bytes(len, 3);
        const target = targetFor(kind, key, enc('payload.timestamp'));
        assert.deepEqual(await finds(target, [key]), key, `key length ${len}`);
        // A key one byte shorter differs, even when zero-padded to the block size.
        if (len > 0 && key[len - 1] === 0) continue;
        assert.deepEqual(
          await finds(target, [key.subarray(0, Math.max(0, len - 1))]),
          len === 0 ? key : undefined,
        );
      }
    });
  }

  it('finds a key on either side of a batch boundary', async () => {
    const decoys = Array.from({ length: 3000 }, (_, i) => enc(`decoy-${i}`));
    for (const at of [0, 1, 3, 4, 1023, 1024, 1025, 2047, 2048, 3000]) {
      const key = enc('the-planted-secret');
      const list = [...decoys];
      list.splice(at, 0, key);
      for (const kind of KINDS) {
        const r = await crack(targetFor(kind, key, enc('msg')), [{ kind: 'list', values: list }], {
          workers: 0,
        });
        assert.equal(r.secret, 'the-planted-secret', `${kind} at ${at}`);
        // Candidates are tested a batch (1,024) at a time; nothing after the hit's batch is read.
        assert.ok(
          r.tried > at && r.tried <= Math.min(list.length, at + 1024),
          `${kind} stops at the hit (${at})`,
        );
      }
    }
  });
});
