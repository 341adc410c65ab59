import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDeletion, parseSetCookie, parseSetCookies } from '../../src/http/cookies.ts';

describe('parseSetCookie', () => {
  it('reads the pair and every attribute, case-insensitively', () => {
    const c = parseSetCookie(
      'session=abc123; Path=/; Domain=example.test; HTTPONLY; secure; SameSite=Strict; Max-Age=3600; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
    )!;
    assert.equal(c.name, 'session');
    assert.equal(c.value, 'abc123');
    assert.equal(c.path, '/');
    assert.equal(c.domain, 'example.test');
    assert.equal(c.httpOnly, true);
    assert.equal(c.secure, true);
    assert.equal(c.sameSite, 'Strict');
    assert.equal(c.maxAge, 3600);
    assert.equal(c.expires?.toISOString(), '2037-10-21T07:28:00.000Z');
  });

  it('defaults flags to false and keeps "=" inside values', () => {
    const c = parseSetCookie('token=eyJ.a=b==; Path=/')!;
    assert.equal(c.value, 'eyJ.a=b==');
    assert.equal(c.httpOnly, false);
    assert.equal(c.secure, false);
    assert.equal(c.sameSite, undefined);
  });

  it('ignores malformed attributes instead of failing', () => {
    const c = parseSetCookie('a=1; Max-Age=soon; Expires=never; ;; =x; SameSite')!;
    assert.equal(c.maxAge, undefined);
    assert.equal(c.expires, undefined);
    assert.equal(c.sameSite, '');
  });

  it('keeps nameless cookies like browsers, and drops empty ones', () => {
    assert.equal(parseSetCookie('justavalue')?.name, '');
    assert.equal(parseSetCookie('justavalue')?.value, 'justavalue');
    assert.equal(parseSetCookie(''), undefined);
    assert.equal(parseSetCookie('=; Path=/'), undefined);
    assert.equal(parseSetCookies(['a=1', '', 'b=2']).length, 2);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const c = parseSetCookie(raw);
        if (c) assert.equal(c.raw, raw);
      }),
    );
  });
});

describe('isDeletion', () => {
  const now = Date.UTC(2030, 0, 1);
  it('recognises empty values, Max-Age <= 0 and past Expires', () => {
    assert.equal(isDeletion(parseSetCookie('s=; Path=/')!, now), true);
    assert.equal(isDeletion(parseSetCookie('s=""')!, now), true);
    assert.equal(isDeletion(parseSetCookie('s=1; Max-Age=0')!, now), true);
    assert.equal(isDeletion(parseSetCookie('s=1; Max-Age=-1')!, now), true);
    assert.equal(isDeletion(parseSetCookie('s=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT')!, now), true);
    assert.equal(isDeletion(parseSetCookie('s=1; Max-Age=60')!, now), false);
    assert.equal(isDeletion(parseSetCookie('s=1')!, now), false);
  });
});
