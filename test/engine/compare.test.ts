import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carriesData, normaliseBody, sameData, sameResponse, verdict } from '../../src/analysis/compare.ts';
import type { RecordedResponse } from '../../src/core/types.ts';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): RecordedResponse => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers, body: text, bytes: text.length, truncated: false };
};

describe('verdict', () => {
  it('classifies statuses', () => {
    assert.equal(verdict(res(200, { id: 1 })), 'allowed');
    assert.equal(verdict(res(204, '')), 'allowed');
    for (const status of [401, 403, 407, 419, 440, 301, 302, 307]) {
      assert.equal(verdict(res(status, '')), 'denied', `status ${status}`);
    }
    assert.equal(verdict(res(500, 'boom')), 'error');
    assert.equal(verdict(res(503, '')), 'error');
    assert.equal(verdict(res(404, { error: 'not found' })), 'other');
    assert.equal(verdict(res(400, { error: 'bad' })), 'other');
    assert.equal(verdict(undefined), 'error');
  });

  it('treats a 2xx denial envelope as denied, but not a long body that merely mentions a phrase', () => {
    assert.equal(verdict(res(200, { error: 'Unauthorized' })), 'denied');
    assert.equal(verdict(res(200, { message: 'invalid token' })), 'denied');
    assert.equal(verdict(res(200, { status: 'session expired' })), 'denied');
    assert.equal(verdict(res(200, { message: 'Access denied' })), 'denied');
    const long = { docs: 'x'.repeat(3000), note: 'forbidden' };
    assert.equal(verdict(res(200, long)), 'allowed');
    assert.equal(verdict(res(200, { title: 'Authorized dealers' })), 'allowed');
  });
});

describe('carriesData', () => {
  it('is true only for a 2xx answer with content', () => {
    assert.equal(carriesData(res(200, { id: 1 })), true);
    assert.equal(carriesData(res(200, [1])), true);
    assert.equal(carriesData(res(200, 'plain text')), true);
    assert.equal(carriesData(res(200, {})), false);
    assert.equal(carriesData(res(200, [])), false);
    assert.equal(carriesData(res(200, 'null')), false);
    assert.equal(carriesData(res(200, '   ')), false);
    assert.equal(carriesData(res(401, { id: 1 })), false);
    assert.equal(carriesData(res(200, { error: 'unauthorized' })), false);
    assert.equal(carriesData(undefined), false);
  });
});

describe('normaliseBody', () => {
  it('removes volatile keys at any depth and sorts keys', () => {
    const a = normaliseBody(
      JSON.stringify({ b: 1, a: { request_id: 'x1', v: 2 }, timestamp: 1, nonce: 'n' }),
    );
    const b = normaliseBody(JSON.stringify({ a: { v: 2, requestId: 'y2' }, b: 1, timestamp: 99 }));
    assert.equal(a, b);
    assert.equal(a, '{"a":{"v":2},"b":1}');
  });

  it('keeps non-volatile keys that merely contain a volatile word', () => {
    assert.notEqual(
      normaliseBody(JSON.stringify({ timestamp_of_birth: 1 })),
      normaliseBody(JSON.stringify({ timestamp_of_birth: 2 })),
    );
  });

  it('masks timestamps, uuids and epoch values in text bodies', () => {
    const one = normaliseBody(
      'ok at 2024-05-01T10:00:00Z id 123e4567-e89b-12d3-a456-426614174000 t=1700000000',
    );
    const two = normaliseBody(
      'ok  at 2025-01-31 23:59:59.123+02:00 id 00000000-0000-4000-8000-000000000001 t=1800000000123',
    );
    assert.equal(one, two);
    assert.notEqual(normaliseBody('user 1'), normaliseBody('user 2'));
  });
});

describe('sameResponse / sameData', () => {
  it('requires the same status', () => {
    assert.equal(sameResponse(res(200, { a: 1 }), res(201, { a: 1 })), false);
    assert.equal(sameData(res(200, { a: 1 }), res(201, { a: 1 })), false);
    assert.equal(sameData(undefined, res(200, {})), false);
  });

  it('sameResponse is order-sensitive for arrays; sameData is not', () => {
    const x = res(200, { items: [{ id: 1 }, { id: 2 }], generated_at: 'now' });
    const y = res(200, { generated_at: 'later', items: [{ id: 2 }, { id: 1 }] });
    assert.equal(sameResponse(x, y), false);
    assert.equal(sameData(x, y), true);
  });

  it('sameData sorts nested arrays and ignores key order and volatile keys', () => {
    const x = res(200, [
      { tags: ['b', 'a'], id: 1, etag: 'x' },
      { id: 2, tags: [] },
    ]);
    const y = res(200, [
      { id: 2, tags: [] },
      { id: 1, tags: ['a', 'b'] },
    ]);
    assert.equal(sameData(x, y), true);
  });

  it('sameData tells different data apart, including multiset counts', () => {
    assert.equal(sameData(res(200, [{ id: 1 }]), res(200, [{ id: 2 }])), false);
    assert.equal(sameData(res(200, [1, 1, 2]), res(200, [1, 2, 2])), false);
    assert.equal(sameData(res(200, { user: 'alice' }), res(200, { user: 'bob' })), false);
  });

  it('falls back to normalised text for non-JSON bodies', () => {
    assert.equal(sameData(res(200, 'hello  world'), res(200, 'hello world\n')), true);
    assert.equal(sameData(res(200, 'hello'), res(200, '{"a":1}')), false);
  });

  it('copes with JSON nested deeper than the call stack', () => {
    const deep = res(200, `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    assert.equal(typeof normaliseBody(deep.body), 'string');
    assert.equal(sameData(deep, deep), true);
  });
});
