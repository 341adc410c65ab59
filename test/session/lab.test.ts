/**
 * Seed 002 (broken authentication, Flask + DynamoDB) in the lab: the vulnerable app, the article's own
 * "secure" code as published, and the fixed app; plus 000-published for the str(e) DynamoDB leak.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LabHandle, startLab } from '../../lab/launcher.ts';
import { listCheckIds } from '../../src/checks/registry.ts';
import type { ScanConfig } from '../../src/config/types.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport } from '../helpers/report.ts';

const MINE = ['session', 'login', 'exposure'].flatMap((area) => listCheckIds(area));

const byEmail = (email: string, password: string) => ({
  login: {
    method: 'POST' as const,
    path: '/login',
    json: { email, password },
    extract: { from: 'cookie' as const, name: 'session' },
  },
});
const config002: ScanConfig = {
  active: true,
  identities: {
    alice: byEmail('alice@example.com', 'alice-pass-1'),
    bob: byEmail('bob@example.com', 'bob-pass-2'),
  },
  endpoints: ['GET /me', 'GET /user/{user_id}', 'POST /register', 'POST /logout'],
  checks: { include: MINE },
};

let lab: LabHandle;
const url = (id: string) => lab.apps.find((a) => a.id === id)!.url;
async function scan(id: string, config: ScanConfig): Promise<ScanReport> {
  const report = await runScan({ target: url(id), config });
  assertValidReport(report);
  assert.deepEqual(report.checkErrors, []);
  return report;
}
const ids = (r: ScanReport) => [...new Set(r.findings.map((f) => f.check))].sort();

describe('lab seed 002 and 000-published', { timeout: 240_000 }, () => {
  before(async () => {
    lab = await startLab(['002', '000-published']);
  });
  after(() => lab?.stop());

  it('002-vulnerable: weak key forged, enumeration by status, no throttle, logout, duplicates', async () => {
    const r = await scan('002-vulnerable', config002);
    assert.deepEqual(ids(r), [
      'duplicate-registration',
      'login-no-rate-limit',
      'logout-not-invalidating',
      'session-weak-secret',
      'token-replay',
      'user-enumeration',
    ]);
    const weak = r.findings.find((f) => f.check === 'session-weak-secret')!;
    assert.equal(weak.severity, 'critical');
    assert.equal(weak.evidence.facts?.['secret key (cracked offline)'], '"CHANGE_ME"');
    assert.equal(r.fingerprint.framework, 'flask');
    assert.equal(weak.remediation.variant, 'flask');
  });

  it("002-published: the article's placeholder key is cracked, timing enumeration, duplicate email, str(e) leak", async () => {
    const r = await scan('002-published', config002);
    assert.deepEqual(ids(r), [
      'duplicate-registration',
      'error-leakage',
      'login-no-rate-limit',
      'logout-not-invalidating',
      'session-weak-secret',
      'token-replay',
      'user-enumeration',
    ]);
    const weak = r.findings.find((f) => f.check === 'session-weak-secret')!;
    assert.equal(
      weak.evidence.facts?.['secret key (cracked offline)'],
      '"CHANGE_TO_A_STRONG_RANDOM_SECRET_KEY"',
    );
    assert.match(r.findings.find((f) => f.check === 'user-enumeration')!.evidence.summary, /slower/);
    const leak = r.findings.find((f) => f.check === 'error-leakage')!;
    assert.equal(leak.endpoint.path, '/register');
    assert.match(leak.evidence.facts?.leaked ?? '', /ValidationException/);
    assert.equal(r.fingerprint.datastore, 'dynamodb');
    assert.equal(
      r.findings.find((f) => f.check === 'duplicate-registration')!.remediation.variant,
      'flask+dynamodb',
    );
  });

  it('002-fixed: nothing, and the timing test stays quiet over repeated runs', async () => {
    const full = await scan('002-fixed', config002);
    assert.deepEqual(ids(full), [], full.findings.map((f) => f.evidence.summary).join(' | '));
    // The burst above locked alice out for a minute (the fixed app throttles): repeat the enumeration
    // test as other users.
    for (const [name, password] of [
      ['bob', 'bob-pass-2'],
      ['admin', 'admin-pass-3'],
    ] as const) {
      const again = await scan('002-fixed', {
        active: true,
        identities: { [name]: byEmail(`${name}@example.com`, password) },
        endpoints: ['GET /me'],
        checks: { include: ['user-enumeration'] },
      });
      assert.deepEqual(
        ids(again),
        [],
        `as ${name}: ${again.findings.map((f) => f.evidence.summary).join(' | ')}`,
      );
    }
  });

  it('000-published: the DynamoDB ClientError text returned by str(e) on an over-long order id', async () => {
    const r = await scan('000-published', {
      identities: {
        alice: {
          login: {
            method: 'POST',
            path: '/login',
            json: { username: 'alice', password: 'alice-pass-1' },
            extract: { from: 'json', path: 'token' },
          },
          markers: { username: 'alice' },
        },
      },
      checks: { include: ['error-leakage', 'debug-console'] },
    });
    const leak = r.findings.find(
      (f) => f.check === 'error-leakage' && f.endpoint.path === '/api/orders/{order_id}',
    );
    assert.ok(leak, JSON.stringify(r.findings.map((f) => f.endpoint)));
    assert.match(leak.evidence.summary, /DynamoDB/);
    assert.equal(r.fingerprint.datastore, 'dynamodb');
    assert.equal(leak.remediation.variant, 'flask+dynamodb');
  });
});
