import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/report.ts';
import type { TestServer } from '../helpers/server.ts';
import { assertThreeExchanges, describeFindings, jwtFindings, scan, withServer } from './scan.ts';
import {
  algNoneApi,
  configFor,
  confusionApi,
  correctHsApi,
  correctRsApi,
  embeddedJwkApi,
  jkuApi,
  kidFileApi,
  psychicApi,
  queryTokenApi,
  verifyNothingApi,
  WEAK_SECRET,
  weakSecretApi,
} from './servers.ts';

/** Scans one flawed server for one check: exactly that finding, confirmed by three exchanges. */
async function expectOnly(start: Promise<TestServer>, check: string, config = configFor()) {
  return withServer(start, async (server) => {
    const report = await scan(server.url, config, [check]);
    const found = findingsOf(report, check);
    assert.equal(found.length, 1, `expected one ${check} finding, got:\n${describeFindings(report)}`);
    assertThreeExchanges(found[0]!);
    return found[0]!;
  });
}

describe('JWT network checks against flawed servers', () => {
  it('jwt-alg-none: unsigned token accepted', async () => {
    const f = await expectOnly(algNoneApi(), 'jwt-alg-none');
    assert.equal(f.severity, 'critical');
    assert.match(f.evidence.exchanges.at(-1)!.label, /alg=none/);
    const sent = f.evidence.exchanges.at(-1)!.request.headers.Authorization ?? '';
    assert.match(sent, /^Bearer eyJ[^.]+\.[^.]+\.$/, 'the attack is an unsigned token in the bearer header');
  });

  it('jwt-alg-none: the token travels where the API takes it (cookie, custom header)', async () => {
    const cookie = await expectOnly(algNoneApi('cookie'), 'jwt-alg-none', configFor('cookie'));
    assert.match(cookie.evidence.exchanges.at(-1)!.request.headers.cookie ?? '', /^auth=eyJ/);
    const header = await expectOnly(algNoneApi('x-token'), 'jwt-alg-none', configFor('x-token'));
    assert.match(header.evidence.exchanges.at(-1)!.request.headers['X-Token'] ?? '', /^eyJ/);
  });

  it('jwt-signature-not-verified: the corrupted-signature control itself is accepted', async () => {
    const f = await expectOnly(verifyNothingApi(), 'jwt-signature-not-verified');
    const labels = f.evidence.exchanges.map((e) => e.label);
    assert.match(labels[1]!, /anonymous/);
    assert.match(labels[2]!, /corrupted signature/);
  });

  it('verify-nothing: claim checks ride on the missing verification; key attacks stay silent', async () => {
    await withServer(verifyNothingApi(), async (server) => {
      const report = await scan(server.url, configFor());
      const ids = new Set(jwtFindings(report).map((f) => f.check));
      for (const id of [
        'jwt-signature-not-verified',
        'jwt-alg-none',
        'jwt-expiry-not-enforced',
        'jwt-nbf-not-enforced',
        'jwt-issuer-not-validated',
        'jwt-audience-not-validated',
      ]) {
        assert.ok(ids.has(id), `${id} expected:\n${describeFindings(report)}`);
      }
      for (const id of [
        'jwt-kid-injection',
        'jwt-jku-injection',
        'jwt-embedded-jwk',
        'jwt-algorithm-confusion',
      ]) {
        assert.ok(!ids.has(id), `${id} must not be reported when nothing is verified`);
      }
      const expiry = findingsOf(report, 'jwt-expiry-not-enforced')[0]!;
      assert.match(expiry.evidence.facts?.['how the token was made acceptable'] ?? '', /does not verify/);
    });
  });

  it('jwt-weak-secret: cracked offline, forged identity and admin claim accepted', async () => {
    await withServer(weakSecretApi(), async (server) => {
      const report = await scan(server.url, configFor(), [
        'jwt-weak-secret',
        'jwt-alg-none',
        'jwt-signature-not-verified',
      ]);
      const [f, ...rest] = findingsOf(report, 'jwt-weak-secret');
      assert.ok(f && rest.length === 0, describeFindings(report));
      assert.equal(f.severity, 'critical');
      assert.equal(f.evidence.facts?.['HMAC secret'], JSON.stringify(WEAK_SECRET));
      assert.equal(f.evidence.facts?.algorithm, 'HS256');
      // Escalation: alice is refused /api/admin/stats, the forged is_admin token gets admin's answer.
      assert.equal(f.endpoint.path, '/api/admin/stats');
      const ex = f.evidence.exchanges;
      assert.equal(ex[0]?.response?.status, 403);
      assert.equal(ex[1]?.identity, 'admin');
      assert.equal(ex.at(-1)?.response?.status, 200);
      assert.equal(ex.at(-1)?.response?.body, ex[1]?.response?.body);
      assert.match(f.evidence.summary, /bob's data/);
      assert.equal(findingsOf(report, 'jwt-alg-none').length, 0);
      assert.equal(findingsOf(report, 'jwt-signature-not-verified').length, 0);
    });
  });

  it('jwt-algorithm-confusion: HS256 keyed with the published RSA key', async () => {
    const f = await expectOnly(confusionApi(), 'jwt-algorithm-confusion');
    assert.match(f.evidence.facts?.['public key source'] ?? '', /\/\.well-known\/jwks\.json$/);
  });

  it('jwt-kid-injection: kid path traversal to /dev/null with an empty key', async () => {
    const f = await expectOnly(kidFileApi(), 'jwt-kid-injection');
    assert.match(f.evidence.exchanges.at(-1)!.label, /dev\/null/);
  });

  it("jwt-jku-injection: the API fetches apiward's JWKS and accepts the token", async () => {
    await withServer(jkuApi(), async (server) => {
      const report = await scan(server.url, configFor(), ['jwt-jku-injection']);
      const [f] = findingsOf(report, 'jwt-jku-injection');
      assert.ok(f, describeFindings(report));
      assertThreeExchanges(f);
      assert.match(
        f.evidence.facts?.['fetch by the API #1'] ?? '',
        /^GET \/apiward-[0-9a-f]+\/jwks\.json from 127\.0\.0\.1/,
      );
      assert.ok((server as TestServer & { fetched: string[] }).fetched.length >= 1);
    });
  });

  it('jwt-embedded-jwk: token signed with the key in its own header', async () => {
    await expectOnly(embeddedJwkApi(), 'jwt-embedded-jwk');
  });

  it('jwt-psychic-signature: r = s = 0 accepted for ES256', async () => {
    await expectOnly(psychicApi(), 'jwt-psychic-signature');
  });

  it('jwt-in-query: the genuine token alone in ?access_token= authenticates', async () => {
    await withServer(queryTokenApi(), async (server) => {
      const report = await scan(server.url, configFor(), ['jwt-in-query']);
      const [f] = findingsOf(report, 'jwt-in-query');
      assert.ok(f, describeFindings(report));
      const attack = f.evidence.exchanges.at(-1)!;
      assert.match(
        attack.request.url,
        /\?access_token=\[REDACTED\]$/,
        'token in the URL, redacted in the report',
      );
      assert.equal(attack.request.headers.Authorization, undefined);
      assert.equal(f.severity, 'medium');
    });
  });
});

describe('JWT network checks against correct servers: no finding', () => {
  it('HS256 with a strong secret, pinned algorithm and claim checks', async () => {
    await withServer(correctHsApi(), async (server) => {
      const report = await scan(server.url, configFor());
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });

  it('HS256 in a cookie', async () => {
    await withServer(correctHsApi('cookie'), async (server) => {
      const report = await scan(server.url, configFor('cookie'));
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });

  it('RS256 with a published JWKS (confusion, jku, jwk, kid all refused)', async () => {
    await withServer(correctRsApi(), async (server) => {
      const report = await scan(server.url, configFor());
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });

  it('ES256 verified correctly', async () => {
    await withServer(psychicApi(true), async (server) => {
      const report = await scan(server.url, configFor(), ['jwt-psychic-signature', 'jwt-alg-none']);
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });
});
