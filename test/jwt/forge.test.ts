import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compactVerify, errors, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import {
  algNoneTokens,
  claimValidationTokens,
  forgeImpactTokens,
  type JsonObject,
  parseJwt,
  resignWithClaims,
  signatureTamperTokens,
  signHmac,
  signingKeyFrom,
  signToken,
} from '../../src/jwt/index.ts';
import { claims, headerExtras, viaJson } from './arbitraries.ts';

const enc = new TextEncoder();
/** Identity and privilege claim names (normalised) that impact tokens may touch. */
const MAY_CHANGE =
  /^(sub|username|user|userid|uid|id|email|preferredusername|login|identity|isadmin|admin|isstaff|staff|issuperuser|superuser|isroot|root|roles?|groups?|authorities|permissions|perms|scopes?|scp|usertype|accounttype)$/;
const NOW = 1_750_000_000;
const genuineClaims = {
  sub: '42',
  username: 'alice',
  is_admin: false,
  role: 'user',
  iat: NOW - 60,
  exp: NOW + 840,
};
const genuine = parseJwt(signHmac({ alg: 'HS256', typ: 'JWT' }, genuineClaims, 'HS256', 'secret'));

function decodeHeader(token: string): JsonObject {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as JsonObject;
}

describe('algNoneTokens', () => {
  it('covers the four spellings with empty and original signatures, plus no alg and alg ""', () => {
    const tokens = algNoneTokens(genuine);
    assert.equal(tokens.length, 10);
    assert.equal(new Set(tokens.map((t) => t.variant)).size, 10);
    assert.ok(tokens.every((t) => t.check === 'jwt-alg-none'));
    const algs = tokens.map((t) => decodeHeader(t.token).alg);
    assert.deepEqual(algs, ['none', 'none', 'None', 'None', 'NONE', 'NONE', 'nOnE', 'nOnE', undefined, '']);
    const withSig = tokens.filter((t) => t.variant.includes('original signature'));
    assert.equal(withSig.length, 4);
    for (const t of withSig) assert.equal(t.token.split('.')[2], genuine.segments.signature);
    for (const t of tokens.filter((x) => x.variant.includes('empty signature')))
      assert.ok(t.token.endsWith('.'));
  });

  it('keeps claims byte for byte and the other header members, for any token', () => {
    fc.assert(
      fc.property(headerExtras, claims, (extra, payload) => {
        const parsed = parseJwt(signHmac(extra, payload, 'HS256', 'k'));
        for (const t of algNoneTokens(parsed)) {
          assert.equal(t.token.split('.')[1], parsed.segments.payload);
          const h = decodeHeader(t.token);
          for (const [k, v] of Object.entries(extra)) assert.deepEqual(h[k], viaJson(v));
          if (h.alg !== undefined && h.alg !== '')
            assert.deepEqual(parseJwt(t.token).payload, viaJson(payload));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('signatureTamperTokens', () => {
  it('puts a control first that jose rejects while it accepts the genuine token', async () => {
    await compactVerify(genuine.token, enc.encode('secret'));
    const [control, ...attacks] = signatureTamperTokens(genuine);
    assert.ok(control?.control);
    assert.ok(attacks.every((t) => !t.control));
    await assert.rejects(
      compactVerify(control.token, enc.encode('secret')),
      errors.JWSSignatureVerificationFailed,
    );
    for (const t of attacks) await assert.rejects(compactVerify(t.token, enc.encode('secret')));
  });

  it('changes exactly the last signature byte in the control, for any signature', () => {
    fc.assert(
      fc.property(claims, fc.constantFrom('HS256', 'HS384', 'HS512'), (payload, alg) => {
        const parsed = parseJwt(signHmac({}, payload, alg, 'k'));
        const [control, random, stripped] = signatureTamperTokens(parsed);
        const c = parseJwt(control?.token ?? '').signature;
        assert.equal(c.length, parsed.signature.length);
        assert.deepEqual(c.subarray(0, -1), parsed.signature.subarray(0, -1));
        assert.notEqual(c.at(-1), parsed.signature.at(-1));
        const r = parseJwt(random?.token ?? '');
        assert.equal(r.signature.length, parsed.signature.length);
        assert.notDeepEqual(r.signature, parsed.signature);
        assert.equal(stripped?.token, `${parsed.segments.header}.${parsed.segments.payload}.`);
        for (const t of [control, random, stripped])
          assert.deepEqual(parseJwt(t?.token ?? '').payload, parsed.payload);
      }),
      { numRuns: 100 },
    );
  });

  it("uses other tokens' signatures, skipping duplicates", () => {
    const other = parseJwt(signHmac({ alg: 'HS256' }, { sub: 'bob' }, 'HS256', 'secret'));
    const tokens = signatureTamperTokens(genuine, [other, other.token, 'not a token', genuine]);
    const borrowed = tokens.filter((t) => t.variant.startsWith("another token's signature"));
    assert.equal(borrowed.length, 1);
    assert.equal(
      borrowed[0]?.token,
      `${genuine.segments.header}.${genuine.segments.payload}.${other.segments.signature}`,
    );
  });

  it('is deterministic given a random source', () => {
    const zeros = (n: number) => new Uint8Array(n);
    const a = signatureTamperTokens(genuine, [], { random: zeros });
    assert.equal(a[1]?.token, `${genuine.segments.header}.${genuine.segments.payload}.${'A'.repeat(43)}`);
  });
});

describe('signing helpers', () => {
  it('signToken and resignWithClaims produce tokens jose verifies for HS, RS, PS and ES', async () => {
    for (const alg of ['RS256', 'PS384', 'ES256', 'ES512'] as const) {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const parsed = parseJwt(await signToken({ alg, kid: 'k1' }, genuineClaims, privateKey));
      const forged = await resignWithClaims(parsed, { is_admin: true, role: undefined }, privateKey);
      const { payload, protectedHeader } = await jwtVerify(forged, publicKey, {
        currentDate: new Date(NOW * 1000),
      });
      assert.deepEqual(protectedHeader, { alg, kid: 'k1' });
      assert.equal(payload.is_admin, true);
      assert.ok(!('role' in payload));
    }
    const hs = await resignWithClaims(genuine, { sub: '7' }, 'secret');
    const { payload } = await jwtVerify(hs, enc.encode('secret'), { currentDate: new Date(NOW * 1000) });
    assert.equal(payload.sub, '7');
    // Member order of the genuine claims survives.
    assert.deepEqual(Object.keys(parseJwt(hs).payload), Object.keys(genuineClaims));
  });

  it('refuses key/alg mismatches', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await assert.rejects(signToken({ alg: 'RS256' }, {}, 'secret'), TypeError);
    await assert.rejects(signToken({ alg: 'HS256' }, {}, privateKey), TypeError);
  });

  it('turns white-box key material into signing keys', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const jwk = JSON.stringify(await exportJWK(privateKey));
    for (const material of [pem, jwk]) {
      const forged = await resignWithClaims(
        parseJwt(await signToken({ alg: 'ES256' }, { sub: 'a' }, privateKey)),
        { sub: 'b' },
        signingKeyFrom(material),
      );
      assert.equal((await jwtVerify(forged, publicKey)).payload.sub, 'b');
    }
    assert.deepEqual(signingKeyFrom('{"kty":"oct","k":"c2VjcmV0"}'), enc.encode('secret'));
    assert.equal(signingKeyFrom('  my secret '), '  my secret ');
    const publicJwk = JSON.stringify(await exportJWK(publicKey));
    assert.throws(() => signingKeyFrom(publicJwk), TypeError);
  });

  it('signs with an empty key, which jose cannot, matching createHmac', () => {
    const t = signHmac({ alg: 'HS256' }, { a: 1 }, 'HS256', '');
    const [h, p, s] = t.split('.');
    assert.equal(s, createHmac('sha256', '').update(`${h}.${p}`).digest('base64url'));
  });
});

describe('forgeImpactTokens', () => {
  it('forges another user and elevated privileges keeping claim names and types, verifiable with the key', async () => {
    const tokens = await forgeImpactTokens(
      genuine,
      'secret',
      { otherSubjects: ['bob', '7', 'bob@example.com'] },
      { now: NOW },
    );
    const byVariant = new Map(tokens.map((t) => [t.variant, parseJwt(t.token).payload]));
    assert.deepEqual(byVariant.get('identity=bob'), {
      ...genuineClaims,
      username: 'bob',
      iat: NOW,
      exp: NOW + 900,
    });
    assert.equal(byVariant.get('identity=7')?.sub, '7');
    assert.equal(byVariant.get('identity=7')?.username, 'alice');
    assert.ok(!byVariant.has('identity=bob@example.com'));
    assert.equal(byVariant.get('is_admin=true')?.is_admin, true);
    assert.equal(byVariant.get('role+=admin')?.role, 'admin');
    assert.deepEqual(byVariant.get('all privilege claims elevated'), {
      ...genuineClaims,
      is_admin: true,
      role: 'admin',
      iat: NOW,
      exp: NOW + 900,
    });
    for (const t of tokens) {
      assert.equal(t.check, 'jwt-weak-secret');
      await jwtVerify(t.token, enc.encode('secret'), { currentDate: new Date(NOW * 1000) });
    }
  });

  it('extends arrays and scopes, raises numeric flags, and guesses claims when none exist', async () => {
    const rich = parseJwt(
      signHmac({ alg: 'HS512' }, { uid: 12, roles: ['reader'], scope: 'read', isAdmin: 0 }, 'HS512', 'k'),
    );
    const tokens = await forgeImpactTokens(rich, 'k', {}, { now: NOW });
    const payloads = tokens.map((t) => parseJwt(t.token).payload);
    assert.ok(payloads.some((p) => p.uid === 13));
    assert.ok(payloads.some((p) => p.uid === 11));
    assert.ok(payloads.some((p) => JSON.stringify(p.roles) === '["reader","admin"]'));
    assert.ok(payloads.some((p) => p.scope === 'read admin'));
    assert.ok(payloads.some((p) => p.isAdmin === 1));
    assert.ok(tokens.every((t) => parseJwt(t.token).alg === 'HS512'));

    const bare = parseJwt(signHmac({ alg: 'HS256' }, { sub: 'alice' }, 'HS256', 'k'));
    const guessed = await forgeImpactTokens(bare, 'k');
    assert.deepEqual(
      guessed.map((t) => t.variant),
      ['added is_admin=true', 'added admin=true', 'added role="admin"'],
    );
  });

  it('round-trips: every impact token parses back with only the intended claims changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        claims,
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
        async (payload, others) => {
          const parsed = parseJwt(signHmac({ typ: 'JWT' }, payload, 'HS256', 'k'));
          for (const t of await forgeImpactTokens(
            parsed,
            'k',
            { otherSubjects: others },
            { now: NOW, keepTimes: true },
          )) {
            const forged = parseJwt(t.token).payload;
            const changed = [...new Set([...Object.keys(forged), ...Object.keys(parsed.payload)])].filter(
              (k) => JSON.stringify(forged[k]) !== JSON.stringify(parsed.payload[k]),
            );
            assert.ok(changed.length > 0, t.variant);
            for (const k of changed) {
              assert.match(
                k.toLowerCase().replace(/[^a-z0-9]/g, ''),
                MAY_CHANGE,
                `${t.variant} changed ${k}`,
              );
              if (k in parsed.payload)
                assert.equal(typeof forged[k], typeof parsed.payload[k], `type of ${k}`);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('claimValidationTokens', () => {
  const issued = parseJwt(
    signHmac(
      { alg: 'HS256', typ: 'JWT' },
      { sub: '42', iss: 'https://auth.example.com', aud: 'api-prod', iat: NOW - 60, exp: NOW + 840 },
      'HS256',
      'secret',
    ),
  );
  const key = enc.encode('secret');
  const strict = {
    currentDate: new Date(NOW * 1000),
    issuer: 'https://auth.example.com',
    audience: 'api-prod',
  };

  it('labels every token with the claim check it tests', async () => {
    const tokens = await claimValidationTokens(issued, 'secret', { now: NOW });
    const checks = new Map<string, string[]>();
    for (const t of tokens) checks.set(t.check, [...(checks.get(t.check) ?? []), t.variant]);
    assert.deepEqual(checks.get('jwt-expiry-not-enforced'), ['expired one hour ago', 'exp removed']);
    assert.deepEqual(checks.get('jwt-nbf-not-enforced'), ['nbf one hour ahead']);
    assert.deepEqual(checks.get('jwt-issuer-not-validated'), [
      'iss changed',
      'iss removed',
      'iss from another environment: "https://staging.auth.example.com"',
      'iss from another environment: "https://dev.auth.example.com"',
    ]);
    assert.deepEqual(checks.get('jwt-audience-not-validated'), [
      'aud changed',
      'aud removed',
      'aud from another environment: "api-staging"',
      'aud from another environment: "api-dev"',
    ]);
  });

  it('breaks exactly one rule per token: a strict verifier rejects it, one that skips that rule accepts it', async () => {
    await jwtVerify(issued.token, key, { ...strict, requiredClaims: ['exp', 'iss', 'aud'] });
    for (const t of await claimValidationTokens(issued, 'secret', { now: NOW })) {
      const lax = { ...strict, requiredClaims: [] as string[] };
      if (t.check === 'jwt-expiry-not-enforced') {
        if (t.variant === 'exp removed') {
          await jwtVerify(t.token, key, lax);
          await assert.rejects(
            jwtVerify(t.token, key, { ...strict, requiredClaims: ['exp'] }),
            /"exp" claim/,
          );
        } else {
          await assert.rejects(jwtVerify(t.token, key, lax), errors.JWTExpired);
          await jwtVerify(t.token, key, { ...lax, currentDate: new Date((NOW - 3700) * 1000) });
        }
      } else if (t.check === 'jwt-nbf-not-enforced') {
        await assert.rejects(jwtVerify(t.token, key, lax), /"nbf" claim/);
        await jwtVerify(t.token, key, { ...lax, currentDate: new Date((NOW + 3601) * 1000) });
      } else if (t.check === 'jwt-issuer-not-validated') {
        await assert.rejects(jwtVerify(t.token, key, { ...strict, requiredClaims: ['iss'] }), /"iss" claim/);
        await jwtVerify(t.token, key, { ...lax, issuer: undefined });
      } else {
        await assert.rejects(jwtVerify(t.token, key, { ...strict, requiredClaims: ['aud'] }), /"aud" claim/);
        await jwtVerify(t.token, key, { ...lax, audience: undefined });
      }
    }
  });

  it('adds exp to an exp-less token for the expiry test and skips absent iss/aud', async () => {
    const bare = parseJwt(signHmac({ alg: 'HS256' }, { sub: 'a' }, 'HS256', 'k'));
    const tokens = await claimValidationTokens(bare, 'k', { now: NOW });
    assert.deepEqual(
      tokens.map((t) => t.variant),
      ['expired one hour ago', 'nbf one hour ahead'],
    );
    assert.equal(parseJwt(tokens[0]?.token ?? '').payload.exp, NOW - 3600);
  });
});
