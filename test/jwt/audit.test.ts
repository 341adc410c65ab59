import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type AuditIssue, auditToken, parseJwt, signHmac } from '../../src/jwt/index.ts';
import { claims } from './arbitraries.ts';

const NOW = 1_750_000_000;
const DAY = 86_400;
const token = (payload: Record<string, unknown>, alg = 'HS256') =>
  parseJwt(
    alg === 'HS256'
      ? signHmac({ typ: 'JWT' }, payload as never, 'HS256', 'k')
      : `${Buffer.from(JSON.stringify({ alg })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`,
  );
const byCheck = (issues: AuditIssue[]) => new Map(issues.map((i) => [i.check, i]));

describe('auditToken', () => {
  it('flags the seed-style token: is_admin claim, no exp', () => {
    const issues = byCheck(
      auditToken(token({ sub: 'alice', username: 'alice', is_admin: false }), NOW).issues,
    );
    const sensitive = issues.get('jwt-sensitive-claims');
    assert.ok(sensitive);
    assert.deepEqual(
      sensitive.claims?.map((c) => [c.path, c.kind]),
      [['is_admin', 'privilege-flag']],
    );
    assert.equal(sensitive.severity, 'medium');
    assert.equal(issues.get('jwt-missing-exp')?.severity, 'medium');
    assert.ok(!issues.has('jwt-long-lifetime'));
  });

  it('flags a one-year lifetime as medium and a two-day one as low', () => {
    const year = byCheck(auditToken(token({ sub: 'a', iat: NOW, exp: NOW + 365 * DAY }), NOW).issues);
    assert.equal(year.get('jwt-long-lifetime')?.severity, 'medium');
    assert.equal(year.get('jwt-long-lifetime')?.title, 'Token lifetime of 365 days');
    const twoDays = byCheck(auditToken(token({ sub: 'a', iat: NOW, exp: NOW + 2 * DAY }), NOW).issues);
    assert.equal(twoDays.get('jwt-long-lifetime')?.severity, 'low');
    // Without iat, the time left counts.
    const noIat = byCheck(auditToken(token({ sub: 'a', exp: NOW + 30 * DAY }), NOW).issues);
    assert.match(noIat.get('jwt-long-lifetime')?.detail ?? '', /time left until exp \(no iat\)/);
    assert.equal(auditToken(token({ sub: 'a', iat: NOW, exp: NOW + DAY }), NOW).issues.length, 0);
  });

  it('does not flag a clean short-lived token', () => {
    const clean = token({
      iss: 'https://auth.example.com/',
      sub: 'user_8f3a2c',
      aud: 'api.example.com',
      iat: NOW - 60,
      exp: NOW + 840,
      jti: '9b2f4c1e8a7d4e6fb0c3a1d2e5f60718',
      scope: 'read:orders',
    });
    const audit = auditToken(clean, NOW);
    assert.deepEqual(audit.issues, []);
    assert.equal(audit.summary.issuedAt, '2025-06-15T15:05:40.000Z');
    assert.equal(audit.summary.expiresAt, '2025-06-15T15:20:40.000Z');
    assert.equal(audit.summary.lifetimeSeconds, 900);
    assert.equal(audit.summary.remainingSeconds, 840);
    assert.equal(audit.summary.expired, false);
    assert.deepEqual(audit.summary.audience, ['api.example.com']);
    assert.ok(audit.summary.lines.includes('expires: 2025-06-15T15:20:40.000Z (in 14 min)'));
    assert.ok(audit.summary.lines.includes('lifetime: 15 min'));
  });

  it('names password hashes, secrets, government ids and personal data without echoing values', () => {
    const bcrypt = `$2b$12$${'N9qo8uLOickgx2ZMRZoMye'}${'IjZAgcfl7p92ldGxad68LJZdL17lhWy'}`;
    const audit = auditToken(
      token({
        sub: 'bob@example.com',
        password: bcrypt,
        profile: { ssn: '123-45-6789', phone_number: '+14155550100', address: { street: '1 Main St' } },
        pw_hash: 'e10adc3949ba59abbe56e057f20f883e',
        api_key: 'k-123',
        aws: 'AKIAIOSFODNN7EXAMPLE',
        card: '4111 1111 1111 1111',
        email_verified: true,
        roles: ['user'],
        exp: NOW + 600,
      }),
      NOW,
    );
    const sensitive = byCheck(audit.issues).get('jwt-sensitive-claims');
    assert.equal(sensitive?.severity, 'high');
    const kinds = Object.fromEntries((sensitive?.claims ?? []).map((c) => [c.path, c.kind]));
    assert.deepEqual(kinds, {
      sub: 'personal-data',
      password: 'password-hash',
      'profile.ssn': 'government-id',
      'profile.phone_number': 'personal-data',
      'profile.address': 'personal-data',
      pw_hash: 'password-hash',
      api_key: 'secret',
      aws: 'secret',
      card: 'payment-card',
      roles: 'privilege-flag',
    });
    const text = JSON.stringify(audit.issues);
    for (const secret of [bcrypt, '123-45-6789', 'AKIAIOSFODNN7EXAMPLE', 'k-123'])
      assert.ok(!text.includes(secret));
  });

  it('reports a token issued with alg none', () => {
    const issues = byCheck(auditToken(parseJwt('eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiYWRtaW4ifQ.'), NOW).issues);
    assert.equal(issues.get('jwt-alg-none')?.severity, 'critical');
    assert.ok(issues.has('jwt-missing-exp'));
  });

  it('is total and deterministic for any parsed token, including absurd times', () => {
    fc.assert(
      fc.property(
        claims,
        fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (payload, wild, now) => {
          const p = token(wild === undefined ? payload : { ...payload, exp: wild, iat: -wild });
          const a = auditToken(p, now);
          assert.deepEqual(auditToken(p, now), a);
          assert.ok(a.summary.lines.length >= 2);
          for (const i of a.issues) assert.ok(i.detail.length > 0 && i.title.length > 0);
          assert.equal(
            a.issues.some((i) => i.check === 'jwt-missing-exp'),
            p.payload.exp === undefined,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
