import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import authMethodBypass from '../../src/checks/authentication/auth-method-bypass.check.ts';
import authMissing from '../../src/checks/authentication/auth-missing.check.ts';
import cookieFlags from '../../src/checks/transport/cookie-flags.check.ts';
import securityHeaders from '../../src/checks/transport/security-headers.check.ts';
import type { ScanConfig } from '../../src/config/types.ts';
import { ApiwardError } from '../../src/core/errors.ts';
import type { Check } from '../../src/engine/context.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport } from '../helpers/report.ts';

export type Outcome =
  | { kind: 'report'; report: ScanReport; ms: number }
  | { kind: 'error'; error: ApiwardError; ms: number };

/**
 * The engine's own first checks. Hostile tests exercise the engine, so they run these directly
 * rather than every registered check; the false-positive traps pass 'all' to run the registry.
 */
export const BASE_CHECKS: Check[] = [authMissing, authMethodBypass, securityHeaders, cookieFlags];

/** Runs a scan and fails the test if it has not settled after `limitMs`; anything but a report or an ApiwardError fails too. */
export async function scanWithin(
  limitMs: number,
  target: string,
  config: ScanConfig,
  checks: Check[] | 'all' = BASE_CHECKS,
): Promise<Outcome> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scan still running after ${limitMs} ms`)), limitMs);
  });
  try {
    const report = await Promise.race([
      runScan({ target, config, ...(checks === 'all' ? {} : { checks }) }),
      overdue,
    ]);
    assertValidReport(report);
    return { kind: 'report', report, ms: performance.now() - t0 };
  } catch (error) {
    if (error instanceof ApiwardError) return { kind: 'error', error, ms: performance.now() - t0 };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export function expectReport(outcome: Outcome): ScanReport {
  if (outcome.kind === 'error') assert.fail(`expected a report, got error: ${outcome.error.message}`);
  return outcome.report;
}

export function expectError(outcome: Outcome, exitCode: number, pattern?: RegExp): ApiwardError {
  if (outcome.kind === 'report') {
    assert.fail(`expected exit ${exitCode}, got a report (score ${outcome.report.score})`);
  }
  assert.equal(outcome.error.exitCode, exitCode, outcome.error.message);
  assert.ok(!outcome.error.message.includes('\n'), 'error message must be one line');
  if (pattern) assert.match(outcome.error.message, pattern);
  return outcome.error;
}

export function highOrWorse(report: ScanReport) {
  return report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface RawServer {
  url: string;
  requests: RawRequest[];
  close(): Promise<void>;
}

/**
 * A TCP server that speaks just enough HTTP/1.1 to read a request head, then hands the raw socket
 * to the handler — for answers a well-behaved HTTP library refuses to produce.
 */
export function startRawServer(handler: (req: RawRequest, socket: Socket) => void): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      const [line = '', ...lines] = buffered.slice(0, end).split('\r\n');
      const [method = 'GET', path = '/'] = line.split(' ');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const req = { method, path, headers };
      requests.push(req);
      handler(req, socket);
    };
    socket.on('data', onData);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Writes a complete raw HTTP/1.1 response and closes the connection. */
export function rawResponse(socket: Socket, head: string, body = ''): void {
  socket.end(`${head}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** Samples this process's RSS while `task` runs and returns the peak growth in MB. */
export async function peakRssGrowthMb<T>(task: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const value = await task();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, growthMb: (peak - before) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}
