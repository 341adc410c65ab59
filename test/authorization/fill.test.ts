import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPath, fillOwned, ownerMarker } from '../../src/authz/fill.ts';
import { ownedObjectIds, selfMarkers } from '../../src/authz/principals.ts';
import { isPrivilegedEndpoint } from '../../src/authz/privileged.ts';
import { bypassVariants } from '../../src/authz/variants.ts';
import { parseEndpointLine } from '../../src/inventory/config-endpoints.ts';
import type { Endpoint } from '../../src/inventory/types.ts';

const markers = new Map([
  ['user_id', '7'],
  ['order_id', '101'],
  ['email', 'alice@example.com'],
]);

function endpoint(path: string, extra: Partial<Endpoint> = {}): Endpoint {
  return {
    method: 'GET',
    path,
    params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1]!,
      in: 'path' as const,
      required: true,
    })),
    declaredSecurity: 'unknown',
    source: 'spec',
    tags: [],
    ...extra,
  };
}

describe('fillOwned', () => {
  test("a user collection id takes the caller's user id; an order id its learned order id", () => {
    assert.equal(fillOwned(endpoint('/users/{id}'), markers)?.path, '/users/7');
    assert.equal(fillOwned(endpoint('/orders/{id}'), markers)?.path, '/orders/101');
    assert.equal(ownerMarker('id', 'products', markers), undefined);
  });

  test('markers win over spec examples for object query parameters', () => {
    const e = endpoint('/user', {
      params: [
        { name: 'user_id', in: 'query', required: true, example: '00000000-0000-4000-8000-000000000001' },
      ],
    });
    const filled = fillOwned(e, markers);
    assert.equal(filled?.path, '/user?user_id=7');
    assert.deepEqual(
      filled?.owned.map((o) => o.marker),
      ['user_id'],
    );
  });

  test('config endpoint templates (GET /user?user_id={user_id})', () => {
    const filled = fillOwned(parseEndpointLine('GET /user?user_id={user_id}'), markers);
    assert.equal(filled?.path, '/user?user_id=7');
    assert.equal(fillOwned(parseEndpointLine('GET /user?user_id={user_id}'), new Map()), undefined);
  });

  test('an unknown required placeholder makes the endpoint unfillable', () => {
    assert.equal(fillOwned(endpoint('/things/{thing_id}'), markers), undefined);
  });
});

describe('bypass variants', () => {
  test("path ids: encoded traversal from the caller's own id, trailing dot, spellings", () => {
    const e = endpoint('/users/{id}');
    const owner = fillOwned(e, markers)!;
    const caller = fillOwned(e, new Map([['user_id', '8']]))!;
    const paths = bypassVariants(e, owner, caller).map((v) => v.path);
    assert.ok(paths.includes('/users/8%2f..%2f7'));
    assert.ok(paths.includes('/users/8/..;/7'));
    assert.ok(paths.includes('/users/7.'));
    assert.ok(paths.includes('/users/07'));
  });

  test('query ids: the parameter duplicated in both orders', () => {
    const e = parseEndpointLine('GET /user?user_id={user_id}');
    const owner = fillOwned(e, markers)!;
    const caller = fillOwned(e, new Map([['user_id', '8']]))!;
    const paths = bypassVariants(e, owner, caller).map((v) => v.path);
    assert.ok(paths.includes('/user?user_id=8&user_id=7'));
    assert.ok(paths.includes('/user?user_id=7&user_id=8'));
    assert.equal(buildPath(e, { 'query:user_id': 'a b' }), '/user?user_id=a%20b');
  });
});

describe('markers learned from responses', () => {
  test('a /me answer names the caller', () => {
    const m = selfMarkers(JSON.stringify({ user: { id: 7, email: 'alice@example.com', username: 'alice' } }));
    assert.deepEqual(Object.fromEntries(m), { user_id: '7', username: 'alice', email: 'alice@example.com' });
  });

  test('only records that name the caller contribute object ids', () => {
    const body = JSON.stringify({
      orders: [
        { id: 101, user_id: 7 },
        { id: 102, user_id: 8 },
      ],
    });
    assert.deepEqual(Object.fromEntries(ownedObjectIds(body, new Map([['user_id', '7']]))), {
      order_id: '101',
    });
  });

  test('privileged endpoints by path, tag, operation and user listing', () => {
    assert.ok(isPrivilegedEndpoint(endpoint('/api/admin/stats')));
    assert.ok(isPrivilegedEndpoint(endpoint('/reports', { tags: ['Administration'] })));
    assert.ok(isPrivilegedEndpoint(endpoint('/x', { operationId: 'internalDump' })));
    assert.ok(isPrivilegedEndpoint(endpoint('/api/users')));
    assert.ok(!isPrivilegedEndpoint(endpoint('/api/users/{id}')));
    assert.ok(!isPrivilegedEndpoint(endpoint('/products')));
  });
});
