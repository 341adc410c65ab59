import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concretePath, markerFor, objectParams } from '../../src/inventory/materialize.ts';
import type { Endpoint, Param } from '../../src/inventory/types.ts';

const ep = (path: string, params: Param[] = []): Endpoint => ({
  method: 'GET',
  path,
  params,
  declaredSecurity: 'unknown',
  source: 'spec',
  tags: [],
});
const markers = new Map([
  ['user_id', '42'],
  ['username', 'alice'],
  ['email', 'alice@example.com'],
]);

describe('markerFor', () => {
  it('matches exact names, then spelling variants, then id and username aliases', () => {
    assert.equal(markerFor('user_id', markers), '42');
    assert.equal(markerFor('userId', markers), '42');
    assert.equal(markerFor('USER-ID', markers), '42');
    assert.equal(markerFor('id', markers), '42');
    assert.equal(markerFor('ownerId', markers), '42');
    assert.equal(markerFor('login', markers), 'alice');
    assert.equal(markerFor('orderId', markers), undefined);
    assert.equal(markerFor('id', new Map([['sub', 's-1']])), 's-1');
  });
});

describe('concretePath', () => {
  it('fills path placeholders from markers before examples, URL-encoded', () => {
    const e = ep('/users/{userId}/files/{name}', [
      { name: 'userId', in: 'path', required: true, example: '1' },
      { name: 'name', in: 'path', required: true, example: 'a b/c' },
    ]);
    assert.equal(concretePath(e, markers), '/users/42/files/alice');
    assert.equal(concretePath(e), '/users/1/files/a%20b%2Fc');
  });

  it('is undefined when a path value is unknown', () => {
    assert.equal(
      concretePath(ep('/orders/{orderId}', [{ name: 'orderId', in: 'path', required: true }])),
      undefined,
    );
  });

  it('adds required query parameters, skips unknown optional ones, fills {marker} templates', () => {
    const e = ep('/search', [
      { name: 'q', in: 'query', required: true, example: 'shoes' },
      { name: 'page', in: 'query', required: false },
      { name: 'owner', in: 'query', required: true, example: '{user_id}' },
      { name: 'X-Trace', in: 'header', required: true },
    ]);
    assert.equal(concretePath(e, markers), '/search?q=shoes&owner=42');
    assert.equal(concretePath(e), undefined, 'required owner without a marker');
    assert.equal(
      concretePath(ep('/s', [{ name: 'email', in: 'query', required: true }]), markers),
      '/s?email=alice%40example.com',
    );
    assert.equal(concretePath(ep('/s', [{ name: 'x', in: 'query', required: true }])), undefined);
  });

  it('leaves a plain path unchanged', () => {
    assert.equal(concretePath(ep('/health')), '/health');
  });
});

describe('objectParams', () => {
  it('picks path placeholders and id-like query parameters', () => {
    const e = ep('/users/{id}', [
      { name: 'id', in: 'path', required: true },
      { name: 'order_id', in: 'query', required: false },
      { name: 'owner', in: 'query', required: false },
      { name: 'limit', in: 'query', required: false },
      { name: 'X-Id', in: 'header', required: false },
    ]);
    assert.deepEqual(
      objectParams(e).map((p) => p.name),
      ['id', 'order_id', 'owner'],
    );
  });
});
