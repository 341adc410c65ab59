import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listCheckIds } from '../../src/checks/registry.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport, findingsOf } from '../helpers/report.ts';
import { json, startServer, type TestServer } from '../helpers/server.ts';
import { ALL_FLAWS, ENDPOINTS, type Flaws, identities, startApi } from './servers.ts';

const MINE = ['session', 'login', 'exposure'].flatMap((area) => listCheckIds(area));

async function scan(server: TestServer, flaws: Flaws, active: boolean, include = MINE): Promise<ScanReport> {
  const report = await runScan({
    target: server.url,
    config: { active, identities: identities(flaws), endpoints: ENDPOINTS, checks: { include } },
  });
  assertValidReport(report);
  assert.deepEqual(report.checkErrors, [], 'no check may fail');
  return report;
}

const ids = (report: ScanReport) => [...new Set(report.findings.map((f) => f.check))].sort();

describe('flawed Flask-style API (signed cookie, weak key), --active', () => {
  let server: TestServer;
  let report: ScanReport;
  before(async () => {
    server = await startApi(ALL_FLAWS);
    report = await scan(server, ALL_FLAWS, true);
  });
  after(() => server.close());

  it('reports every planted flaw', () => {
    assert.deepEqual(ids(report), [
      'credentials-in-url',
      'debug-console',
      'default-credentials',
      'duplicate-registration',
      'error-leakage',
      'login-no-rate-limit',
      'logout-not-invalidating',
      'session-weak-secret',
      'token-replay',
      'user-enumeration',
    ]);
  });

  it('session-weak-secret cracks the key and proves a forged session for bob is accepted', () => {
    const [f] = findingsOf(report, 'session-weak-secret');
    assert.ok(f);
    assert.equal(f.severity, 'critical');
    assert.equal(f.evidence.facts?.['secret key (cracked offline)'], '"CHANGE_ME"');
    assert.match(f.evidence.summary, /forged for bob/);
    const attack = f.evidence.exchanges.at(-1)!;
    assert.match(attack.label, /^attack/);
    assert.match(attack.response?.body ?? '', /bob@example\.com/);
    assert.ok(f.evidence.exchanges.some((e) => e.label.startsWith('control') && e.response?.status === 401));
    assert.ok(f.remediation.variant.startsWith('flask'), `variant ${f.remediation.variant}`);
  });

  it('error-leakage finds the DynamoDB text on a GET and the SQL text on the login body', () => {
    const found = findingsOf(report, 'error-leakage');
    const kinds = found
      .map((f) => `${f.endpoint.method} ${f.endpoint.path} ${f.evidence.facts?.datastore}`)
      .sort();
    assert.deepEqual(kinds, ['GET /items/{id} dynamodb', 'POST /login postgresql']);
    assert.equal(report.fingerprint.datastore !== undefined, true);
  });

  it('user enumeration is reported from the status difference', () => {
    const [f] = findingsOf(report, 'user-enumeration');
    assert.match(f!.evidence.summary, /status 401 vs 404/);
  });

  it('default credentials name the pair that worked', () => {
    const [f] = findingsOf(report, 'default-credentials');
    assert.equal(f!.evidence.facts?.user, 'admin@example.com');
    assert.equal(f!.evidence.facts?.password, 'admin');
  });
});

describe('fixed twin, --active', () => {
  it('produces no finding from the session, login and exposure checks', async () => {
    const server = await startApi({});
    try {
      const report = await scan(server, {}, true);
      assert.deepEqual(ids(report), [], JSON.stringify(report.findings.map((f) => f.evidence.summary)));
    } finally {
      await server.close();
    }
  });
});

describe('opaque server-side sessions with fixation, static tokens, timing and a no-op logout', () => {
  const flaws: Flaws = { fixation: true, staticToken: true, enumTiming: true, logoutKeeps: true };
  it('reports fixation, replay, timing enumeration and logout', async () => {
    const server = await startApi(flaws);
    try {
      const report = await scan(server, flaws, true, [
        'session-fixation',
        'token-replay',
        'user-enumeration',
        'logout-not-invalidating',
      ]);
      assert.deepEqual(ids(report), [
        'logout-not-invalidating',
        'session-fixation',
        'token-replay',
        'user-enumeration',
      ]);
      assert.equal(
        findingsOf(report, 'user-enumeration')[0]!.evidence.facts?.method?.includes('Mann–Whitney'),
        true,
      );
      assert.match(findingsOf(report, 'token-replay')[0]!.evidence.summary, /identical session token/);
    } finally {
      await server.close();
    }
  });
});

describe('timing enumeration is judged statistically', () => {
  it('never flags the fixed server over repeated runs, and flags the slow-for-known-users one every time', async () => {
    const fixed = await startApi({});
    const slow = await startApi({ enumTiming: true });
    try {
      for (let run = 0; run < 3; run++) {
        const clean = await scan(fixed, {}, true, ['user-enumeration']);
        assert.equal(
          findingsOf(clean, 'user-enumeration').length,
          0,
          `fixed server flagged on run ${run + 1}`,
        );
        const leaky = await scan(slow, { enumTiming: true }, true, ['user-enumeration']);
        assert.equal(findingsOf(leaky, 'user-enumeration').length, 1, `timing leak missed on run ${run + 1}`);
      }
    } finally {
      await fixed.close();
      await slow.close();
    }
  });
});

describe('without --active', () => {
  it('keeps to passive proof: no login hammering, but the cracked cookie, leaks and console are found', async () => {
    const server = await startApi(ALL_FLAWS);
    try {
      const report = await scan(server, ALL_FLAWS, false);
      assert.deepEqual(ids(report), [
        'debug-console',
        'error-leakage',
        'session-weak-secret',
        'token-replay',
      ]);
      const unsafe = server.requests.filter(
        (r) => r.method !== 'GET' && r.method !== 'HEAD' && r.method !== 'OPTIONS',
      );
      assert.equal(unsafe.length, 2, 'only the two configured logins may be sent');
    } finally {
      await server.close();
    }
  });
});

describe('a catch-all API that answers 200 to everything', () => {
  it('gives no finding', async () => {
    const server = await startServer((_req, res) => {
      json(res, 200, { token: 'same-token-for-everyone', ok: true });
    });
    try {
      const report = await runScan({
        target: server.url,
        config: {
          active: true,
          identities: {
            alice: {
              login: {
                method: 'POST',
                path: '/login',
                json: { email: 'a@x.io', password: 'p1' },
                extract: { from: 'json', path: 'token' },
              },
            },
          },
          endpoints: ENDPOINTS,
          checks: { include: MINE },
        },
      });
      assertValidReport(report);
      assert.deepEqual(ids(report), []);
    } finally {
      await server.close();
    }
  });
});
