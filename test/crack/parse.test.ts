import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  djangoSignedCookieOptions,
  djangoTarget,
  expressTarget,
  flaskTarget,
  jwtTarget,
} from '../../src/crack/index.ts';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('target parsers', () => {
  it('jwtTarget keeps the signing input and decodes the signature', () => {
    const t = jwtTarget(`eyJhbGciOiJIUzM4NCJ9.e30.${'A'.repeat(64)}`);
    assert.equal(t.kind, 'jwt');
    if (t.kind !== 'jwt') return;
    assert.equal(t.alg, 'HS384');
    assert.equal(text(t.signingInput), 'eyJhbGciOiJIUzM4NCJ9.e30');
    assert.equal(t.signature.length, 48);
  });

  it('jwtTarget refuses non-HMAC and malformed tokens', () => {
    assert.throws(() => jwtTarget('eyJhbGciOiJSUzI1NiJ9.e30.AAAA'), /not an HMAC/);
    assert.throws(() => jwtTarget('eyJhbGciOiJub25lIn0.e30.'), /not an HMAC/);
    assert.throws(() => jwtTarget('a.b'), /three/);
    assert.throws(() => jwtTarget('!!.e30.AAAA'), RangeError);
  });

  it('flaskTarget signs payload.timestamp, including the compressed-payload dot', () => {
    const t = flaskTarget('.eJyrVkrLz1eyUkpKLFKqBQAgBgQt.Z0Bkqg.E2Pyb6x3w-NODuflHoGnZOEpbH8', 'my-salt');
    assert.equal(t.kind, 'flask-session');
    if (t.kind !== 'flask-session') return;
    assert.equal(text(t.signedValue), '.eJyrVkrLz1eyUkpKLFKqBQAgBgQt.Z0Bkqg');
    assert.equal(t.signature.length, 20);
    assert.equal(t.salt, 'my-salt');
    assert.throws(() => flaskTarget('nodots'), RangeError);
  });

  it('expressTarget accepts encoded and plain cookies', () => {
    for (const c of [
      's%3Ahello.DGDUkGlIkCzPz%2BC0B064FNgHdEjox7ch8tOBGslZ5QI',
      'hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI',
    ]) {
      const t = expressTarget(c);
      assert.equal(t.kind, 'express-cookie');
      if (t.kind !== 'express-cookie') return;
      assert.equal(text(t.value), 'hello');
      assert.equal(t.signature.length, 32);
    }
    assert.throws(() => expressTarget('no-signature'), RangeError);
  });

  it('djangoTarget splits at the last colon and keeps the options', () => {
    const t = djangoTarget(
      'v:1tWxyz:71mFWWw1ovD-xv34jCCMm0ISfFdIuQTGPRod4xDrjrA',
      djangoSignedCookieOptions('theme', '', 'sha256'),
    );
    assert.equal(t.kind, 'django-signed');
    if (t.kind !== 'django-signed') return;
    assert.equal(text(t.value), 'v:1tWxyz');
    assert.equal(t.salt, 'theme');
    assert.equal(t.keyPrefix, 'django.http.cookies');
    assert.throws(() => djangoTarget('nocolon', { salt: '' }), RangeError);
  });
});
