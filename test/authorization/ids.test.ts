import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { adjacentIds, classifyId, classifySeries, idVariants } from '../../src/analysis/ids.ts';

describe('classifyId', () => {
  const cases: Array<[string, string, boolean]> = [
    ['7', 'sequential-integer', true],
    ['1024', 'sequential-integer', true],
    ['1700000000', 'timestamp', true],
    ['1700000000123', 'timestamp', true],
    ['ord-1001', 'prefixed-counter', true],
    ['INV_000042', 'prefixed-counter', true],
    ['a1b2', 'short-code', true],
    ['3b9f91ea-ebd2-4851-97ce-ae27e95446ca', 'uuid-v4', false],
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'uuid-v1', true],
    ['018f3c1e-7b5a-7cc2-9a4e-1b2c3d4e5f60', 'uuid-v7', false],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ulid', false],
    ['507f1f77bcf86cd799439011', 'object-id', true],
    ['5d41402abc4b2a76b9719d911017c592', 'hash', false],
    ['alice@example.com', 'email', true],
    ['alice', 'name', true],
    ['kQ3v9XbT2mZ8pL4wR7yN1cF6hJ0sD5gA', 'random-token', false],
  ];
  for (const [value, kind, predictable] of cases) {
    test(`${value} → ${kind}`, () => {
      const c = classifyId(value);
      assert.equal(c.kind, kind);
      assert.equal(c.predictable, predictable);
      assert.ok(c.reason.length > 0);
    });
  }

  test('every random UUIDv4 is unpredictable', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const c = classifyId(randomUUID());
        return c.kind === 'uuid-v4' && !c.predictable;
      }),
      { numRuns: 200 },
    );
  });

  test('fast-check UUIDs classify by their version nibble', () => {
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        const c = classifyId(u);
        const version = u[14];
        if (version === '4') return c.kind === 'uuid-v4';
        if (version === '1') return c.kind === 'uuid-v1' && c.predictable;
        return c.kind.startsWith('uuid');
      }),
    );
  });

  test('every non-negative integer below 10^9 is a predictable sequential integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        const c = classifyId(String(n));
        return c.kind === 'sequential-integer' && c.predictable;
      }),
    );
  });
});

describe('adjacentIds', () => {
  test('neighbours of integers, closest first, never negative', () => {
    assert.deepEqual(adjacentIds('7'), ['6', '8', '5', '9']);
    assert.deepEqual(adjacentIds('0', 1), ['1']);
  });

  test('prefixes and zero padding are kept', () => {
    assert.deepEqual(adjacentIds('ord-0042', 1), ['ord-0041', 'ord-0043']);
  });

  test('no neighbours for random ids', () => {
    assert.deepEqual(adjacentIds('3b9f91ea-ebd2-4851-97ce-ae27e95446ca'), []);
    assert.deepEqual(adjacentIds('5d41402abc4b2a76b9719d911017c592'), []);
  });

  test('property: every neighbour differs by at most the span and is distinct from the id', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 3 }), (n, span) => {
        const id = n.toString();
        const around = adjacentIds(id, span);
        return (
          around.length > 0 &&
          around.every((a) => a !== id && BigInt(a) - n <= BigInt(span) && n - BigInt(a) <= BigInt(span)) &&
          new Set(around).size === around.length
        );
      }),
    );
  });
});

describe('idVariants and classifySeries', () => {
  test('integers get padded, decimal and signed spellings; uuids their other case', () => {
    assert.deepEqual(
      idVariants('7').map((v) => v.value),
      ['07', '7.0', '+7'],
    );
    assert.deepEqual(
      idVariants('3b9f91ea-ebd2-4851-97ce-ae27e95446ca').map((v) => v.label),
      ['upper case'],
    );
  });

  test('property: no variant equals the original', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (s) =>
        idVariants(s).every((v) => v.value !== s.trim()),
      ),
    );
  });

  test('a dense integer series is flagged as a counter; a UUID series is not predictable', () => {
    assert.equal(classifySeries(['1', '2', '3', '5'])?.dense, true);
    assert.equal(classifySeries(['1', '90000000'])?.dense, false);
    assert.equal(classifySeries([randomUUID(), randomUUID()])?.predictable, false);
    assert.equal(classifySeries([])?.kind, undefined);
  });
});
