import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compactVerify } from 'jose';
import {
  crackTargetOf,
  DEFAULT_MAX_TOKEN_LENGTH,
  findJwts,
  inspectToken,
  JwtParseError,
  type JwtParseErrorCode,
  looksLikeJwt,
  parseJwt,
  signHmac,
} from '../../src/jwt/index.ts';
import { base64urlString, claims, encodeJson, headerExtras, tokenishText, viaJson } from './arbitraries.ts';

function parseError(input: string): JwtParseError {
  try {
    parseJwt(input);
  } catch (e) {
    assert.ok(e instanceof JwtParseError, `expected JwtParseError, got ${String(e)}`);
    return e;
  }
  assert.fail('parseJwt accepted malformed input');
}

function assertCode(input: string, code: JwtParseErrorCode): JwtParseError {
  const e = parseError(input);
  assert.equal(e.code, code, `${e.code}: ${e.message}`);
  return e;
}

const valid = signHmac({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice', iat: 1_700_000_000 }, 'HS256', 'secret');
const [vh = '', vp = '', vs = ''] = valid.split('.');

describe('parseJwt', () => {
  it('decodes header, payload, signature and signing input of a genuine token', () => {
    const p = parseJwt(`  ${valid}\n`);
    assert.equal(p.token, valid);
    assert.equal(p.alg, 'HS256');
    assert.deepEqual(p.header, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(p.payload, { sub: 'alice', iat: 1_700_000_000 });
    assert.deepEqual(p.segments, { header: vh, payload: vp, signature: vs });
    assert.equal(Buffer.from(p.signingInput).toString(), `${vh}.${vp}`);
    const mac = createHmac('sha256', 'secret').update(`${vh}.${vp}`).digest();
    assert.deepEqual(Buffer.from(p.signature), mac);
    assert.deepEqual(crackTargetOf(p), {
      kind: 'jwt',
      alg: 'HS256',
      signingInput: p.signingInput,
      signature: p.signature,
    });
  });

  it('reads the unsigned token quoted in the seed articles', () => {
    const p = parseJwt('eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiYWRtaW4ifQ.');
    assert.equal(p.alg, 'none');
    assert.deepEqual(p.payload, { user: 'admin' });
    assert.equal(p.signature.length, 0);
  });

  it('throws only JwtParseError, with a one-line message that does not echo the input', () => {
    fc.assert(
      fc.property(tokenishText, (input) => {
        try {
          parseJwt(input);
        } catch (e) {
          assert.ok(e instanceof JwtParseError, `non-JwtParseError thrown: ${String(e)}`);
          assert.ok(e.message.length > 10 && e.message.length < 220, e.message);
          assert.doesNotMatch(e.message, /[\r\n]/);
          if (input.trim().length >= 16) assert.ok(!e.message.includes(input.trim()));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects non-string input with a type error code', () => {
    for (const v of [undefined, null, 42, {}, ['a.b.c']]) {
      assert.throws(
        () => parseJwt(v as unknown as string),
        (e) => e instanceof JwtParseError && e.code === 'type',
      );
    }
  });

  it('reports the segment count for anything but 3 (or 5) segments', () => {
    fc.assert(
      fc.property(
        fc
          .array(base64urlString, { minLength: 1, maxLength: 9 })
          .filter((a) => a.length !== 3 && a.length !== 5),
        (parts) => {
          const token = parts.join('.');
          fc.pre(token.trim() !== '');
          const e = assertCode(token, 'segments');
          assert.match(e.message, new RegExp(`this has ${parts.length}$`));
        },
      ),
    );
  });

  it('names the segment and the offending character for bad base64url', () => {
    const bad = fc.constantFrom('+', '/', '=', '!', '"', '%', ' ', '\u00e9', '\u{1f600}', '\u0000', '\\');
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), bad, fc.nat(), (segment, ch, pos) => {
        const parts = [vh, vp, vs];
        const s = parts[segment] ?? '';
        const at = 1 + (pos % (s.length - 1));
        parts[segment] = s.slice(0, at) + ch + s.slice(at);
        const e = assertCode(parts.join('.'), 'base64url');
        assert.match(
          e.message,
          new RegExp(`^${['header', 'payload', 'signature'][segment]} segment is not base64url`),
        );
      }),
    );
    assert.equal(vs.length, 43);
    const e = assertCode(`${vh}.${vp}.${vs}AB`, 'base64url');
    assert.equal(e.message, 'signature segment is not base64url: impossible length 45');
  });

  it('rejects non-JSON, invalid UTF-8 and JSON that is not an object', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
        fc.boolean(),
        (text, inHeader) => {
          const seg = Buffer.from(text, 'utf8').toString('base64url');
          assertCode(inHeader ? `${seg}.${vp}.${vs}` : `${vh}.${seg}.${vs}`, 'json');
        },
      ),
    );
    assertCode(`${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${vp}.${vs}`, 'utf8');
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        fc.boolean(),
        (value, inHeader) => {
          const seg = encodeJson(value);
          const e = assertCode(inHeader ? `${seg}.${vp}.${vs}` : `${vh}.${seg}.${vs}`, 'not-object');
          assert.match(e.message, /not a JSON object$/);
        },
      ),
    );
    assertCode(`.${vp}.${vs}`, 'empty');
    assertCode(`${vh}..${vs}`, 'empty');
    assertCode('   ', 'empty');
  });

  it('type-checks alg, registered header parameters and time claims', () => {
    const nonString = fc.jsonValue().filter((v) => typeof v !== 'string');
    fc.assert(
      fc.property(nonString, fc.constantFrom('alg', 'kid', 'typ', 'jku', 'x5u'), (v, name) => {
        const e = assertCode(`${encodeJson({ alg: 'HS256', [name]: v })}.${vp}.${vs}`, 'header-param');
        assert.ok(e.message.includes(`"${name}"`));
      }),
    );
    assertCode(`${encodeJson({ typ: 'JWT' })}.${vp}.${vs}`, 'header-param');
    assertCode(`${encodeJson({ alg: 'HS256', crit: 'exp' })}.${vp}.${vs}`, 'header-param');
    assertCode(`${encodeJson({ alg: 'RS256', jwk: 'k' })}.${vp}.${vs}`, 'header-param');
    assertCode(`${encodeJson({ alg: 'HS256', b64: false })}.${vp}.${vs}`, 'unsupported');
    const notNumber = fc.jsonValue().filter((v) => typeof v !== 'number');
    fc.assert(
      fc.property(notNumber, fc.constantFrom('exp', 'iat', 'nbf'), (v, claim) => {
        const e = assertCode(`${vh}.${encodeJson({ sub: 'a', [claim]: v })}.${vs}`, 'claim-type');
        assert.ok(e.message.startsWith(`claim "${claim}" must be a NumericDate`));
      }),
    );
  });

  it('refuses oversized tokens before decoding, and accepts large ones under the cap', () => {
    const big = signHmac(
      { alg: 'HS256', pad: 'x'.repeat(DEFAULT_MAX_TOKEN_LENGTH) },
      { sub: 'a' },
      'HS256',
      'k',
    );
    const e = assertCode(big, 'too-large');
    assert.match(e.message, /over the 65536-character limit$/);
    const large = signHmac({ alg: 'HS256', pad: 'x'.repeat(40_000) }, { sub: 'a' }, 'HS256', 'k');
    assert.equal(parseJwt(large).header.pad, 'x'.repeat(40_000));
    assert.throws(
      () => parseJwt(valid, { maxLength: 20 }),
      (err) => err instanceof JwtParseError && err.code === 'too-large',
    );
  });

  it('recognises a JWE and says so', () => {
    const header = encodeJson({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    const jwe = `${header}.a2V5.aXY.Y2lwaGVy.dGFn`;
    const e = assertCode(jwe, 'jwe');
    assert.match(e.message, /JWE .*alg=RSA-OAEP-256, enc=A256GCM/);
    const inspected = inspectToken(jwe);
    assert.equal(inspected.kind, 'jwe');
    assert.equal(inspected.kind === 'jwe' && inspected.jwe.header.enc, 'A256GCM');
    assert.equal(inspectToken(valid).kind, 'jws');
  });

  it('round-trips arbitrary headers and claims through signHmac, and jose verifies them (non-empty keys: WebCrypto refuses empty ones)', async () => {
    await fc.assert(
      fc.asyncProperty(
        headerExtras,
        claims,
        fc.constantFrom('HS256', 'HS384', 'HS512'),
        fc.string({ minLength: 1 }),
        async (extra, payload, alg, key) => {
          const token = signHmac({ ...extra, alg: 'none' }, payload, alg, key);
          const p = parseJwt(token);
          assert.equal(p.alg, alg);
          assert.deepEqual(p.header, viaJson({ ...extra, alg }));
          assert.deepEqual(p.payload, viaJson(payload));
          const { payload: verified } = await compactVerify(token, new TextEncoder().encode(key), {
            algorithms: [alg],
          });
          assert.deepEqual(JSON.parse(new TextDecoder().decode(verified)), viaJson(payload));
          assert.ok(looksLikeJwt(token));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('looksLikeJwt and findJwts', () => {
  it('agrees with parseJwt', () => {
    fc.assert(
      fc.property(tokenishText, (s) => {
        let ok = true;
        try {
          parseJwt(s);
        } catch {
          ok = false;
        }
        assert.equal(looksLikeJwt(s), ok);
      }),
    );
  });

  it('finds every token embedded in headers, cookies and bodies, at the right offset', () => {
    const token = fc.tuple(claims, fc.string()).map(([c, k]) => signHmac({ typ: 'JWT' }, c, 'HS256', k));
    const wrap = fc.constantFrom(
      (t: string) => `Authorization: Bearer ${t}`,
      (t: string) => `Set-Cookie: access_token=${t}; Path=/; HttpOnly`,
      (t: string) => `{"token":"${t}","ok":true}`,
      (t: string) => `<a href="/cb?jwt=${t}&x=1">`,
      (t: string) => `token is ${t}.`,
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(token, wrap), { minLength: 1, maxLength: 4 }),
        fc.string({ maxLength: 30 }),
        (items, noise) => {
          const text = items.map(([t, w]) => `${noise} ${w(t)}`).join('\n');
          const found = findJwts(text);
          const distinct = [...new Set(items.map(([t]) => t))];
          assert.deepEqual(
            found.map((f) => f.token),
            distinct,
          );
          for (const f of found) assert.equal(text.slice(f.offset, f.offset + f.token.length), f.token);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports JWEs and ignores dotted text that is not a token', () => {
    const jwe = `${encodeJson({ alg: 'dir', enc: 'A128GCM' })}..aXY.Y2lwaGVy.dGFn`;
    const found = findJwts(`see www.example.com and v1.2.3 and e30.e30.e30x and cookie=${jwe}`);
    assert.deepEqual(
      found.map((f) => f.kind),
      ['jwe'],
    );
  });
});
