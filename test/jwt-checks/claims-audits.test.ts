import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/report.ts';
import {
  assertThreeExchanges,
  describeFindings,
  JWT_CHECKS,
  jwtFindings,
  NETWORK_CHECKS,
  scan,
  withServer,
} from './scan.ts';
import {
  algNoneApi,
  catchAllApi,
  configFor,
  correctHsApi,
  issuingApi,
  laxClaimsApi,
  STRONG_SECRET,
  strongToken,
  USERS,
} from './servers.ts';

const CLAIM_CHECKS = [
  'jwt-expiry-not-enforced',
  'jwt-nbf-not-enforced',
  'jwt-issuer-not-validated',
  'jwt-audience-not-validated',
];

describe('claim validation checks', () => {
  it('white-box key: every unchecked claim rule is reported with three exchanges', async () => {
    await withServer(laxClaimsApi(), async (server) => {
      const report = await scan(
        server.url,
        configFor('bearer', { jwtKeys: ['not-the-key', STRONG_SECRET] }),
        CLAIM_CHECKS,
      );
      for (const check of CLAIM_CHECKS) {
        const [f, ...rest] = findingsOf(report, check);
        assert.ok(f && rest.length === 0, `${check}:\n${describeFindings(report)}`);
        assertThreeExchanges(f);
        assert.match(f.evidence.facts?.['how the token was made acceptable'] ?? '', /supplied/);
      }
      assert.equal(findingsOf(report, 'jwt-expiry-not-enforced')[0]?.severity, 'high');
    });
  });

  it('white-box key against a correct verifier: no finding', async () => {
    await withServer(correctHsApi(), async (server) => {
      const report = await scan(server.url, configFor('bearer', { jwtKeys: [STRONG_SECRET] }), CLAIM_CHECKS);
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });

  it('no key and signatures verified: nothing to forge with, no finding', async () => {
    await withServer(laxClaimsApi(), async (server) => {
      const report = await scan(server.url, configFor(), CLAIM_CHECKS);
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });

  it('alg=none accepted: iss/aud/nbf tested with unsigned tokens, enforced exp not reported', async () => {
    await withServer(algNoneApi(), async (server) => {
      const report = await scan(server.url, configFor(), ['jwt-alg-none', ...CLAIM_CHECKS]);
      for (const check of [
        'jwt-issuer-not-validated',
        'jwt-audience-not-validated',
        'jwt-nbf-not-enforced',
      ]) {
        const [f] = findingsOf(report, check);
        assert.ok(f, `${check}:\n${describeFindings(report)}`);
        assert.match(f.evidence.facts?.['how the token was made acceptable'] ?? '', /unsigned token/);
      }
      assert.equal(findingsOf(report, 'jwt-expiry-not-enforced').length, 0, 'the server checks exp');
    });
  });
});

describe('offline audits', () => {
  it('missing exp, long lifetime and sensitive claims reported on the issuing endpoint, values never shown', async () => {
    const secretPhone = '+15550101999';
    await withServer(
      issuingApi((u) => ({
        sub: String(u.id),
        phone: secretPhone,
        is_admin: u.isAdmin,
        iat: Math.floor(Date.now() / 1000),
      })),
      async (server) => {
        const report = await scan(server.url, configFor(), [
          'jwt-missing-exp',
          'jwt-sensitive-claims',
          'jwt-long-lifetime',
        ]);
        const [missing] = findingsOf(report, 'jwt-missing-exp');
        assert.ok(missing, describeFindings(report));
        assert.deepEqual(missing.endpoint, { method: 'POST', path: '/login' });
        assert.equal(missing.evidence.facts?.['tokens audited'], 'alice, bob, admin');
        const [sensitive] = findingsOf(report, 'jwt-sensitive-claims');
        assert.ok(sensitive);
        assert.equal(sensitive.owasp, 'API3:2023');
        assert.ok(sensitive.evidence.facts?.['claim phone']);
        assert.ok(sensitive.evidence.facts?.['claim is_admin']);
        assert.ok(
          !JSON.stringify(sensitive.evidence.facts).includes(secretPhone),
          'claim values stay out of the facts',
        );
        assert.equal(findingsOf(report, 'jwt-long-lifetime').length, 0, 'no exp: nothing to measure');
      },
    );
  });

  it('a year-long token is reported as medium; an hour-long one is not', async () => {
    const year = (u: (typeof USERS)[number]) => ({
      sub: String(u.id),
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 365 * 86400,
    });
    await withServer(issuingApi(year), async (server) => {
      const report = await scan(server.url, configFor(), ['jwt-long-lifetime', 'jwt-missing-exp']);
      const [f] = findingsOf(report, 'jwt-long-lifetime');
      assert.equal(f?.severity, 'medium', describeFindings(report));
      assert.equal(findingsOf(report, 'jwt-missing-exp').length, 0);
    });
    await withServer(correctHsApi(), async (server) => {
      const report = await scan(server.url, configFor(), ['jwt-long-lifetime', 'jwt-missing-exp']);
      assert.deepEqual(report.findings, []);
    });
  });
});

describe('robustness', () => {
  it('a catch-all 200 server gives no network finding', async () => {
    await withServer(catchAllApi(), async (server) => {
      const config = {
        endpoints: ['GET /api/profile', 'GET /api/admin/stats'],
        identities: { alice: { bearer: strongToken(USERS[0]!) } },
      };
      const report = await scan(server.url, config);
      assert.deepEqual(jwtFindings(report, NETWORK_CHECKS), [], describeFindings(report));
    });
  });

  it('malformed or non-JWT credentials never crash a check', async () => {
    const h = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const values = [
      'not-a-jwt',
      'a.b.c',
      `${h}.%%%.sig`,
      `${h}.${Buffer.from('[1,2]').toString('base64url')}.x`,
      `${Buffer.from('{"alg":"RSA-OAEP","enc":"A256GCM"}').toString('base64url')}.a.b.c.d`,
      'Bearer',
      '....',
    ];
    await withServer(correctHsApi(), async (server) => {
      const headers = Object.fromEntries(values.map((v, i) => [`X-Extra-${i}`, v]));
      const cookie = values.map((v, i) => `junk${i}=${v}`).join('; ');
      const config = {
        endpoints: ['GET /api/profile'],
        identities: {
          alice: { bearer: strongToken(USERS[0]!), headers, cookie },
          bob: { headers: { Authorization: values[2]! }, cookie: `x=${values[4]}` },
        },
      };
      const report = await scan(server.url, config, JWT_CHECKS);
      assert.deepEqual(jwtFindings(report), [], describeFindings(report));
    });
  });
});
