import assert from 'node:assert/strict';
import { listCheckIds } from '../../src/checks/registry.ts';
import type { ScanConfig } from '../../src/config/types.ts';
import type { Finding } from '../../src/core/types.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport } from '../helpers/report.ts';
import type { TestServer } from '../helpers/server.ts';

export const JWT_CHECKS = listCheckIds('jwt');

/** Checks that send forged tokens (everything but the offline audits). */
export const NETWORK_CHECKS = JWT_CHECKS.filter(
  (c) => !['jwt-sensitive-claims', 'jwt-missing-exp', 'jwt-long-lifetime'].includes(c),
);

export async function scan(
  url: string,
  config: ScanConfig,
  checks: readonly string[] = JWT_CHECKS,
): Promise<ScanReport> {
  const report = await runScan({ target: url, config: { ...config, checks: { include: [...checks] } } });
  assertValidReport(report);
  assert.deepEqual(report.checkErrors, [], 'no check may fail');
  return report;
}

export function jwtFindings(report: ScanReport, checks: readonly string[] = NETWORK_CHECKS): Finding[] {
  return report.findings.filter((f) => checks.includes(f.check));
}

/** A confirmed network finding: genuine baseline first, a refused control, the accepted attack last. */
export function assertThreeExchanges(f: Finding, sameBody = true): void {
  assert.equal(f.confidence, 'confirmed');
  const ex = f.evidence.exchanges;
  assert.ok(ex.length >= 3, `${f.check}: at least three exchanges`);
  const [genuine, control] = ex;
  const attack = ex.at(-1);
  assert.equal(genuine?.response?.status, 200, 'genuine baseline answered 200');
  assert.ok((control?.response?.status ?? 0) >= 400, 'negative control refused');
  assert.equal(attack?.response?.status, 200, 'attack accepted');
  if (sameBody)
    assert.equal(attack?.response?.body, genuine?.response?.body, 'attack got the genuine answer');
}

export function describeFindings(report: ScanReport): string {
  return report.findings
    .map((f) => `${f.check} ${f.endpoint.method} ${f.endpoint.path} [${f.evidence.summary}]`)
    .join('\n');
}

/** Runs `fn` against a server and always closes it. */
export async function withServer<T>(
  start: Promise<TestServer>,
  fn: (s: TestServer) => Promise<T>,
): Promise<T> {
  const server = await start;
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}
