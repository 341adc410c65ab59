import { type AuthzMatrix, LEGEND } from '../../src/authz/types.ts';
import authMethodBypass from '../../src/checks/authentication/auth-method-bypass.check.ts';
import authMissing from '../../src/checks/authentication/auth-missing.check.ts';
import cookieFlags from '../../src/checks/transport/cookie-flags.check.ts';
import securityHeaders from '../../src/checks/transport/security-headers.check.ts';
import { DEMO_IDENTITIES, startDemoServer } from '../../src/demo/server.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';

/** Checks pinned by import, so these tests do not depend on every check in the registry. */
export const FIXTURE_CHECKS = [authMissing, authMethodBypass, cookieFlags, securityHeaders];

/** A real report: the demo API scanned in-process with a few stable checks. */
export async function demoReport(): Promise<ScanReport> {
  const demo = await startDemoServer();
  try {
    return await runScan({
      target: demo.url,
      config: { identities: DEMO_IDENTITIES },
      checks: FIXTURE_CHECKS,
    });
  } finally {
    await demo.close();
  }
}

/** An authorization matrix in the shape the authorization checks publish (src/authz/types.ts). */
export const SAMPLE_MATRIX: AuthzMatrix = {
  identities: [
    { name: 'alice', role: 'user', privileged: false },
    { name: 'bob', role: 'user', privileged: false },
    { name: 'anonymous', privileged: false },
  ],
  rows: [
    {
      method: 'GET',
      path: '/api/users/{id}',
      url: '/api/users/1',
      owner: 'alice',
      cells: {
        alice: { state: 'owner', status: 200 },
        bob: { state: 'same-data', status: 200 },
        anonymous: { state: 'denied', status: 401 },
      },
    },
    {
      method: 'GET',
      path: '/api/export',
      url: '/api/export',
      cells: {
        alice: { state: 'allowed', status: 200 },
        bob: { state: 'allowed', status: 200 },
        anonymous: { state: 'allowed', status: 200 },
      },
    },
  ],
  legend: LEGEND,
};
