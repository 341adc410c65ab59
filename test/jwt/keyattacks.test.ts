import assert from 'node:assert/strict';
import { createHmac, createPublicKey, X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compactVerify,
  createLocalJWKSet,
  EmbeddedJWK,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importX509,
  type JWK,
} from 'jose';
import {
  type AttackerKeys,
  algConfusionTokens,
  embeddedJwkTokens,
  generateAttackerKeys,
  type JsonObject,
  jkuTokens,
  kidInjectionTokens,
  parseJwks,
  parseJwt,
  parseOpenIdConfiguration,
  pickConfusionKeys,
  psychicSignatureTokens,
  publicKeyEncodings,
  signHmac,
  signToken,
  x5uTokens,
} from '../../src/jwt/index.ts';
import { claims } from './arbitraries.ts';

const hmacOk = (token: string, hash: string, key: Uint8Array | string) => {
  const [h, p, s] = token.split('.');
  return createHmac(hash, key).update(`${h}.${p}`).digest('base64url') === s;
};

describe('algConfusionTokens', () => {
  it('re-signs an RS256 token with HS256 under every key encoding servers use (checked independently)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const token = parseJwt(await signToken({ alg: 'RS256', kid: 'main' }, { sub: 'alice' }, privateKey));
    const pem = await exportSPKI(publicKey); // jose: SPKI PEM with a trailing newline
    const node = createPublicKey(pem);
    const expected: [string, Uint8Array | string][] = [
      ['SPKI PEM + \\n', pem.endsWith('\n') ? pem : `${pem}\n`],
      ['SPKI PEM', pem.trimEnd()],
      ['PKCS#1 PEM + \\n', `${node.export({ type: 'pkcs1', format: 'pem' }).toString().trimEnd()}\n`],
      ['PKCS#1 PEM', node.export({ type: 'pkcs1', format: 'pem' }).toString().trimEnd()],
      ['SPKI DER', Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')],
    ];
    for (const input of [pem, pem.trimEnd(), (await exportJWK(publicKey)) as JsonObject, node]) {
      const tokens = algConfusionTokens(token, input);
      assert.ok(tokens.every((t) => t.check === 'jwt-algorithm-confusion'));
      for (const t of tokens) {
        const p = parseJwt(t.token);
        assert.equal(p.alg, 'HS256');
        assert.equal(p.header.kid, 'main');
        assert.equal(p.segments.payload, token.segments.payload);
      }
      for (const [name, key] of expected) {
        assert.ok(
          tokens.some((t) => hmacOk(t.token, 'sha256', key)),
          `no token verifies with ${name} (input ${typeof input})`,
        );
      }
    }
  });

  it('adds HS384/HS512 for RS384/RS512 tokens, uses EC keys, and keeps the PEM exactly as given', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const token = parseJwt(await signToken({ alg: 'ES384' }, { sub: 'a' }, privateKey));
    const crlf = (await exportSPKI(publicKey)).replace(/\n/g, '\r\n');
    const tokens = algConfusionTokens(token, crlf);
    assert.deepEqual([...new Set(tokens.map((t) => parseJwt(t.token).alg))], ['HS256', 'HS384']);
    assert.ok(
      tokens.some((t) => t.variant === 'HS384 keyed with PEM as given' && hmacOk(t.token, 'sha384', crlf)),
    );
    assert.ok(!tokens.some((t) => t.variant.includes('PKCS#1')));
  });

  it('lists distinct encodings and rejects things that are not public keys', () => {
    assert.throws(() => publicKeyEncodings('not a key'));
    assert.throws(() => publicKeyEncodings({ kty: 'oct', k: 'AAAA' }));
  });

  it('reads JWKS / OpenID documents and orders the kid-matching key first', () => {
    const jwks = parseJwks(
      JSON.stringify({
        keys: [
          { kty: 'EC', kid: 'e', crv: 'P-256', x: 'x', y: 'y' },
          { kty: 'RSA', kid: 'old', n: 'n', e: 'AQAB' },
          { kty: 'RSA', kid: 'main', n: 'n', e: 'AQAB' },
          { kty: 'RSA', kid: 'priv', n: 'n', e: 'AQAB', d: 'secret' },
          'junk',
        ],
      }),
    );
    assert.ok(jwks);
    assert.equal(jwks.keys.length, 4);
    const token = parseJwt(
      signHmac({ alg: 'HS256' }, {}, 'HS256', 'k').replace(
        /^[^.]+/,
        Buffer.from('{"alg":"RS256","kid":"main"}').toString('base64url'),
      ),
    );
    assert.deepEqual(
      pickConfusionKeys(jwks, token).map((k) => k.kid),
      ['main', 'old'],
    );
    assert.equal(parseJwks('{"keys":1}'), undefined);
    assert.equal(parseJwks('<html>'), undefined);
    assert.deepEqual(parseOpenIdConfiguration('{"issuer":"https://i","jwks_uri":"https://i/k"}'), {
      issuer: 'https://i',
      jwks_uri: 'https://i/k',
    });
    assert.equal(parseOpenIdConfiguration('[]'), undefined);
  });
});

describe('kidInjectionTokens', () => {
  it('signs /dev/null traversal kids with an empty key and SQL kids with "apiward"', () => {
    fc.assert(
      fc.property(claims, fc.constantFrom('HS256', 'HS512'), (payload, alg) => {
        const parsed = parseJwt(signHmac({ kid: 'k1' }, payload, alg, 'real'));
        const tokens = kidInjectionTokens(parsed);
        const hash = alg === 'HS256' ? 'sha256' : 'sha512';
        const devNull = tokens.filter((t) => String(parseJwt(t.token).header.kid).endsWith('/dev/null'));
        assert.ok(devNull.length >= 3);
        assert.ok(new Set(devNull.map((t) => parseJwt(t.token).header.kid)).has('/dev/null'));
        for (const t of devNull) assert.ok(hmacOk(t.token, hash, ''));
        const sql = tokens.filter((t) => String(parseJwt(t.token).header.kid).includes('UNION SELECT'));
        assert.ok(sql.length >= 2);
        assert.ok(sql.some((t) => parseJwt(t.token).header.kid === "x' UNION SELECT 'apiward';--"));
        for (const t of sql) assert.ok(hmacOk(t.token, hash, 'apiward'));
        for (const t of tokens) {
          assert.equal(t.check, 'jwt-kid-injection');
          assert.equal(parseJwt(t.token).alg, alg);
          assert.equal(t.token.split('.')[1], parsed.segments.payload);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('keys carried by or referenced from the token', () => {
  let keys: AttackerKeys;
  const rsToken = async () => {
    const { privateKey } = await generateKeyPair('PS256');
    return parseJwt(
      await signToken({ alg: 'PS256', kid: 'server-key', typ: 'JWT' }, { sub: 'alice' }, privateKey),
    );
  };
  before(async () => {
    keys = await generateAttackerKeys();
  });

  it('embedded jwk tokens (RSA, EC) verify against their own header key; x5c against its certificate', async () => {
    const parsed = await rsToken();
    const tokens = await embeddedJwkTokens(parsed, keys);
    assert.equal(tokens.length, 3);
    const [rsa, ec, x5c] = tokens;
    for (const t of [rsa, ec]) {
      const { protectedHeader, payload } = await compactVerify(t?.token ?? '', EmbeddedJWK);
      assert.ok(protectedHeader.jwk && !('d' in protectedHeader.jwk));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { sub: 'alice' });
    }
    assert.equal(parseJwt(rsa?.token ?? '').alg, 'PS256');
    assert.equal(parseJwt(ec?.token ?? '').alg, 'ES256');
    const cert = parseJwt(x5c?.token ?? '').header.x5c?.[0] ?? '';
    const x509 = new X509Certificate(Buffer.from(cert, 'base64'));
    assert.ok(x509.verify(x509.publicKey), 'certificate is self-signed');
    await compactVerify(x5c?.token ?? '', x509.publicKey);
    assert.ok(tokens.every((t) => t.check === 'jwt-embedded-jwk'));
  });

  it('jku tokens verify against the JWKS to be served, under apiward and genuine kids', async () => {
    const parsed = await rsToken();
    const url = 'http://127.0.0.1:40123/jwks.json';
    const { tokens, jwks } = await jkuTokens(parsed, url, keys);
    assert.deepEqual(
      jwks.keys.map((k) => k.kid),
      ['apiward', 'server-key'],
    );
    assert.ok(jwks.keys.every((k) => !('d' in k)));
    const set = createLocalJWKSet(JSON.parse(JSON.stringify(jwks)) as { keys: JWK[] });
    for (const t of tokens) {
      const p = parseJwt(t.token);
      assert.equal(p.header.jku, url);
      assert.equal(t.check, 'jwt-jku-injection');
      await compactVerify(t.token, set);
    }
  });

  it('x5u tokens verify with the self-signed certificate to be served', async () => {
    const parsed = await rsToken();
    const { tokens, certificatePem } = await x5uTokens(parsed, 'http://127.0.0.1:40123/cert.pem', keys);
    assert.match(
      certificatePem,
      /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/,
    );
    const x509 = new X509Certificate(certificatePem);
    assert.equal(x509.subject, 'CN=apiward');
    assert.ok(x509.verify(x509.publicKey));
    const key = await importX509(certificatePem, 'PS256');
    const [t] = tokens;
    assert.equal(parseJwt(t?.token ?? '').header.x5u, 'http://127.0.0.1:40123/cert.pem');
    assert.equal(parseJwt(t?.token ?? '').header.kid, undefined);
    await compactVerify(t?.token ?? '', key);
  });
});

describe('psychicSignatureTokens', () => {
  it('sends all-zero r‖s of 64/96/132 bytes and the DER SEQUENCE{0,0}', () => {
    fc.assert(
      fc.property(claims, fc.constantFrom('ES256', 'ES384', 'ES512', 'RS256'), (payload, alg) => {
        const parsed = parseJwt(
          signHmac({ typ: 'JWT' }, payload, 'HS256', 'k').replace(
            /^[^.]+/,
            Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url'),
          ),
        );
        const tokens = psychicSignatureTokens(parsed);
        const raw = tokens.filter((t) => t.variant.endsWith('(raw)')).map((t) => parseJwt(t.token));
        assert.deepEqual(
          raw.map((p) => [p.alg, p.signature.length, p.signature.every((b) => b === 0)]),
          [
            ['ES256', 64, true],
            ['ES384', 96, true],
            ['ES512', 132, true],
          ],
        );
        const der = tokens.find((t) => t.variant.endsWith('(DER)'));
        assert.equal(der?.token.split('.')[2], 'MAYCAQACAQA');
        assert.equal(parseJwt(der?.token ?? '').alg, alg === 'RS256' ? 'ES256' : alg);
        for (const t of tokens) {
          assert.equal(t.token.split('.')[1], parsed.segments.payload);
          assert.equal(t.check, 'jwt-psychic-signature');
        }
      }),
      { numRuns: 50 },
    );
  });

  it('is rejected by a correct ECDSA verifier', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const parsed = parseJwt(await signToken({ alg: 'ES256' }, { sub: 'a' }, privateKey));
    await compactVerify(parsed.token, publicKey);
    for (const t of psychicSignatureTokens(parsed).filter((x) => x.variant.startsWith('ES256'))) {
      await assert.rejects(compactVerify(t.token, publicKey));
    }
  });
});
