import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieProblems } from '../../src/checks/transport/cookie-flags.check.ts';
import { parseSetCookie } from '../../src/http/cookies.ts';

const flags = (raw: string, https = true, host = 'api.example.com') =>
  cookieProblems(parseSetCookie(raw)!, https, host).map((p) => `${p.flag}:${p.severity}`);

describe('cookieProblems', () => {
  it('accepts a well-scoped session cookie', () => {
    assert.deepEqual(flags('sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax'), []);
    assert.deepEqual(flags('sid=abc; Domain=api.example.com; HttpOnly; Secure; SameSite=Strict'), []);
  });

  it('names every missing attribute with a severity that fits the transport', () => {
    assert.deepEqual(flags('sid=abc'), ['HttpOnly:medium', 'Secure:medium', 'SameSite:low']);
    assert.deepEqual(flags('sid=abc', false), ['HttpOnly:medium', 'Secure:low', 'SameSite:low']);
    assert.deepEqual(flags('sid=abc; HttpOnly; SameSite=None', false), [
      'Secure:medium',
      'SameSite=None:low',
    ]);
  });

  it('flags a Domain wider than the API host and a lifetime over 30 days', () => {
    assert.deepEqual(flags('sid=abc; Domain=.example.com; HttpOnly; Secure; SameSite=Lax'), ['Domain:low']);
    assert.deepEqual(flags('sid=abc; Max-Age=7776000; HttpOnly; Secure; SameSite=Lax'), ['lifetime:low']);
    assert.deepEqual(
      flags('sid=abc; Domain=example.com; HttpOnly; Secure; SameSite=Lax', true, '127.0.0.1'),
      [],
    );
  });
});
