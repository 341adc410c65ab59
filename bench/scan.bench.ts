/**
 * Scan benchmark: a full scan (every registered check, default settings) of a 20-operation API with
 * two identities on loopback. Prints wall time and requests sent per run and their medians.
 * Goal (issue #2): median under 3 s and under 400 requests. Exit 1 when the goal is missed.
 *
 *   node bench/scan.bench.ts [runs=5]
 */
import { runScan } from '../src/engine/scan.ts';
import { SHOP_IDENTITIES, SHOP_OPENAPI, startShop } from './fixtures-shop.ts';

const RUNS = Number(process.argv[2] ?? 5);
const GOAL_MS = 3_000;
const GOAL_REQUESTS = 400;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const operations = Object.values(SHOP_OPENAPI.paths).reduce((n, item) => n + Object.keys(item).length, 0);
const shop = await startShop();
const times: number[] = [];
const requests: number[] = [];
try {
  // One unmeasured warm-up run loads every check module and JITs the hot paths.
  await runScan({ target: shop.url, config: { identities: SHOP_IDENTITIES } });
  for (let i = 0; i < RUNS; i++) {
    const served = shop.requests();
    const t0 = performance.now();
    const report = await runScan({ target: shop.url, config: { identities: SHOP_IDENTITIES } });
    const ms = performance.now() - t0;
    times.push(ms);
    requests.push(report.requestsSent);
    const checks = new Set(report.findings.map((f) => f.check));
    console.log(
      `run ${i + 1}: ${Math.round(ms)} ms, ${report.requestsSent} requests (server saw ${shop.requests() - served}), ` +
        `${report.target.endpoints} endpoints, ${report.findings.length} findings [${[...checks].sort().join(', ')}], ` +
        `score ${report.score}${report.checkErrors.length ? `, check errors: ${report.checkErrors.map((e) => e.check).join(', ')}` : ''}`,
    );
  }
} finally {
  await shop.close();
}
const ms = median(times);
const req = median(requests);
const pass = ms < GOAL_MS && req < GOAL_REQUESTS;
console.log(
  `\nscan bench: ${operations} operations, 2 identities, ${RUNS} runs — median ${Math.round(ms)} ms ` +
    `(min ${Math.round(Math.min(...times))}, max ${Math.round(Math.max(...times))}), median ${req} requests ` +
    `— goal < ${GOAL_MS} ms and < ${GOAL_REQUESTS} requests: ${pass ? 'met' : 'MISSED'}`,
);
if (!pass) process.exitCode = 1;
