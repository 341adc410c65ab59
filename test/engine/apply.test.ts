import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyCredentials, getHeader, setHeader } from '../../src/auth/apply.ts';
import type { RecordedRequest } from '../../src/core/types.ts';

const base = (): RecordedRequest => ({
  method: 'GET',
  url: 'http://127.0.0.1:8080/api/items?page=2',
  headers: { accept: 'application/json' },
});

describe('applyCredentials', () => {
  it('puts a header credential with and without a scheme', () => {
    const out = applyCredentials(base(), [
      { placement: { in: 'header', name: 'Authorization', scheme: 'Bearer' }, value: 'tok' },
      { placement: { in: 'header', name: 'X-Auth-Token' }, value: 'k1' },
    ]);
    assert.equal(out.headers.Authorization, 'Bearer tok');
    assert.equal(out.headers['X-Auth-Token'], 'k1');
    assert.equal(out.url, base().url);
  });

  it('replaces an existing header case-insensitively instead of duplicating it', () => {
    const req = { ...base(), headers: { authorization: 'Bearer old', accept: '*/*' } };
    const out = applyCredentials(req, [
      { placement: { in: 'header', name: 'Authorization', scheme: 'Bearer' }, value: 'new' },
    ]);
    assert.deepEqual(out.headers, { accept: '*/*', Authorization: 'Bearer new' });
  });

  it('joins cookies into one Cookie header after any existing cookie', () => {
    const req = { ...base(), headers: { Cookie: 'theme=dark' } };
    const out = applyCredentials(req, [
      { placement: { in: 'cookie', name: 'session' }, value: 's1' },
      { placement: { in: 'cookie', name: 'csrf' }, value: 'c1' },
    ]);
    assert.equal(getHeader(out.headers, 'cookie'), 'theme=dark; session=s1; csrf=c1');
    assert.equal(Object.keys(out.headers).filter((k) => k.toLowerCase() === 'cookie').length, 1);
  });

  it('sets a query credential, keeping other parameters and encoding the value', () => {
    const out = applyCredentials(base(), [{ placement: { in: 'query', name: 'api_key' }, value: 'a b&c=d' }]);
    const url = new URL(out.url);
    assert.equal(url.searchParams.get('page'), '2');
    assert.equal(url.searchParams.get('api_key'), 'a b&c=d');
    assert.equal(url.origin, 'http://127.0.0.1:8080');
  });

  it('never mutates its input and leaves a request without credentials unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (value) => {
        const req = base();
        const snapshot = structuredClone(req);
        applyCredentials(req, [
          { placement: { in: 'header', name: 'Authorization', scheme: 'Bearer' }, value },
          { placement: { in: 'query', name: 'k' }, value },
          { placement: { in: 'cookie', name: 'c' }, value },
        ]);
        assert.deepEqual(req, snapshot);
      }),
    );
    assert.deepEqual(applyCredentials(base(), []), base());
  });

  it('setHeader/getHeader are case-insensitive', () => {
    const h: Record<string, string> = { 'X-Api-Key': 'a' };
    setHeader(h, 'x-api-key', 'b');
    assert.deepEqual(h, { 'x-api-key': 'b' });
    assert.equal(getHeader(h, 'X-API-KEY'), 'b');
    assert.equal(getHeader(h, 'missing'), undefined);
  });
});
