import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { anchorsIn, compareData, equivalentData, privateFieldPaths } from '../../src/analysis/ownership.ts';

const alice = { id: 7, email: 'alice@example.com', name: 'Alice', plan: 'pro' };

describe('compareData: volatile fields, ordering, pagination', () => {
  test('timestamps and request ids do not make the same object different', () => {
    const a = JSON.stringify({ ...alice, request_id: 'r-1', timestamp: '2024-01-01T00:00:00Z' });
    const b = JSON.stringify({ ...alice, request_id: 'r-2', timestamp: '2024-06-01T10:00:00Z' });
    assert.equal(compareData(a, b).same, true);
  });

  test('key order and list order do not matter', () => {
    const a = JSON.stringify({
      items: [
        { id: 1, n: 'x' },
        { id: 2, n: 'y' },
      ],
      owner: 7,
    });
    const b = JSON.stringify({
      owner: 7,
      items: [
        { n: 'y', id: 2 },
        { id: 1, n: 'x' },
      ],
    });
    assert.ok(compareData(a, b).same);
  });

  test("paging metadata is ignored, and a page that contains the owner's records matches", () => {
    const owner = JSON.stringify({
      orders: [{ id: 1, item: 'keyboard', user_id: 7 }],
      page: 1,
      total: 1,
      next: null,
    });
    const other = JSON.stringify({
      orders: [
        { id: 1, item: 'keyboard', user_id: 7 },
        { id: 2, item: 'mouse', user_id: 8 },
      ],
      page: 3,
      total: 40,
      next: '/orders?page=4',
    });
    const c = compareData(owner, other);
    assert.equal(c.same, false);
    assert.equal(c.records, 1);
    assert.ok(equivalentData(owner, other));
  });

  test("another user's object of the same shape is not equivalent", () => {
    const bob = { id: 8, email: 'bob@example.com', name: 'Bob', plan: 'free' };
    assert.equal(equivalentData(JSON.stringify(alice), JSON.stringify(bob)), false);
  });

  test('a bare id stub is not the object', () => {
    assert.equal(equivalentData(JSON.stringify(alice), JSON.stringify({ id: 7 })), false);
  });

  test('text bodies compare with volatile tokens masked', () => {
    assert.ok(compareData('hello at 2024-01-01T00:00:00Z', 'hello at 2025-02-02T10:10:10Z').same);
    assert.equal(compareData('hello', 'goodbye').same, false);
  });

  test('property: a shuffled, re-timestamped copy is always equivalent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.nat(), label: fc.string({ minLength: 1, maxLength: 8 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.string(),
        fc.string(),
        (items, t1, t2) => {
          const a = JSON.stringify({ items, generated_at: t1 });
          const b = JSON.stringify({ generated_at: t2, items: [...items].reverse() });
          return equivalentData(a, b) && compareData(a, b).same;
        },
      ),
    );
  });
});

describe('anchorsIn', () => {
  const markers = new Map([
    ['user_id', '7'],
    ['email', 'alice@example.com'],
  ]);

  test('finds a short id only under a key that names a principal', () => {
    const hits = anchorsIn(JSON.stringify({ user_id: 7, quantity: 7 }), markers);
    assert.deepEqual(
      hits.map((h) => [h.marker, h.paths]),
      [['user_id', ['user_id']]],
    );
    assert.deepEqual(anchorsIn(JSON.stringify({ quantity: 7, price: 7 }), markers), []);
  });

  test('emails are private anchors wherever they are, case-insensitively', () => {
    const hits = anchorsIn(JSON.stringify({ contacts: [{ mail: 'Alice@Example.com' }] }), markers);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.private, true);
    assert.deepEqual(hits[0]!.paths, ['contacts[].mail']);
  });

  test('text bodies: distinctive values as whole words only', () => {
    assert.equal(anchorsIn('profile of alice@example.com', markers).length, 1);
    assert.equal(anchorsIn('7 items', markers).length, 0);
  });

  test('privateFieldPaths lists personal and credential fields, not internal flags', () => {
    assert.deepEqual(
      privateFieldPaths(
        JSON.stringify({ users: [{ email: 'a@b.co', password_hash: 'x', is_admin: true }] }),
      ).sort(),
      ['users[].email', 'users[].password_hash'],
    );
  });
});
