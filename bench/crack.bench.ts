/**
 * Offline cracking benchmark: apiward's rates beside a plain createHmac baseline measured in the same
 * run (2 worker threads, one createHmac chain per candidate), so the ratio holds on a noisy machine.
 *
 *   npm run bench:crack            (about a minute; writes and deletes ~150 MB in /tmp)
 *
 * Rates are whole-job figures (worker start-up included) on generated [A-Za-z0-9]{8,16} words and
 * the perf-anchors.md token (243-byte signing input), always with a secret that is in no list.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type CrackTarget, crack, flaskTarget, jwtTarget } from '../src/crack/index.ts';
import type { BaselineJob } from './crack-baseline.ts';
import { flaskCookie, MISS, token, writeWords } from './crack-fixtures.ts';

const WALLARM = new URL('../../shared/wordlists/jwt-secrets.wallarm.txt', import.meta.url).pathname;
const NODE = process.execPath;
const CHILD = new URL('./crack-child.ts', import.meta.url).pathname;
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mps = (rate: number): string => `${(rate / 1e6).toFixed(2)} M/s`;
const ms = (t: number): string => `${t.toFixed(0)} ms`;

/** createHmac over the file's lines, split across `threads` workers; returns candidates/s (wall). */
async function baseline(
  mode: BaselineJob['mode'],
  path: string,
  message: string,
  signature: string,
  threads: number,
) {
  const size = statSync(path).size;
  const started = performance.now();
  const parts = Array.from({ length: threads }, (_, i) => [
    Math.floor((size * i) / threads),
    Math.floor((size * (i + 1)) / threads),
  ]);
  // Align the split points on line starts by reading around them is unnecessary for a rate: the
  // one word cut in two per split is counted as two (tiny) candidates either way.
  const results = await Promise.all(
    parts.map(
      ([start, end]) =>
        new Promise<{ tried: number }>((resolve, reject) => {
          const job: BaselineJob = { mode, path, start: start!, end: end!, message, signature };
          const w = new Worker(new URL('./crack-baseline.ts', import.meta.url), { workerData: job });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const tried = results.reduce((n, r) => n + r.tried, 0);
  return tried / ((performance.now() - started) / 1000);
}

async function apiward(target: CrackTarget, path: string): Promise<number> {
  const r = await crack(target, [{ kind: 'file', path }]);
  if (r.secret !== undefined) throw new Error('unexpected hit');
  return r.rate;
}

function child(kind: 'jwt' | 'flask', value: string, source: string) {
  const started = performance.now();
  const out = execFileSync(NODE, [CHILD, kind, value, source], { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  return {
    wallMs,
    ...(JSON.parse(out) as { tried: number; elapsedMs: number; found: boolean; maxRssKiB: number }),
  };
}

const splitJwt = (t: string): [string, string] => [
  t.slice(0, t.lastIndexOf('.')),
  t.slice(t.lastIndexOf('.') + 1),
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'apiward-crack-bench-'));
  const threads = availableParallelism();
  console.log(
    `apiward crack benchmark — Node ${process.version}, ${threads} cores, median of ${RUNS} runs\n`,
  );
  try {
    const words3m = join(dir, 'words-3m.txt');
    const words1m = join(dir, 'words-1m.txt');
    writeWords(words3m, 3_000_000);
    writeWords(words1m, 1_000_000);

    const rows: [string, string, string, string][] = [];
    const compare = async (label: string, ours: () => Promise<number>, theirs: () => Promise<number>) => {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(await ours());
        b.push(await theirs());
      }
      const ratio = a.map((x, i) => x / b[i]!);
      rows.push([label, mps(median(a)), mps(median(b)), `${median(ratio).toFixed(1)}×`]);
    };

    const hs256 = token('HS256', MISS);
    const [si256, sig256] = splitJwt(hs256);
    await compare(
      'HS256, 3M generated words (baseline 1M)',
      () => apiward(jwtTarget(hs256), words3m),
      () => baseline('hs256', words1m, si256, sig256, threads),
    );
    const hs512 = token('HS512', MISS);
    const [si512, sig512] = splitJwt(hs512);
    await compare(
      'HS512, 1M generated words',
      () => apiward(jwtTarget(hs512), words1m),
      () => baseline('hs512', words1m, si512, sig512, threads),
    );
    const cookie = flaskCookie(MISS);
    const [signed, flaskSig] = splitJwt(cookie);
    await compare(
      'Flask session (2× HMAC-SHA1), 1M words',
      () => apiward(flaskTarget(cookie), words1m),
      () => baseline('flask', words1m, signed, flaskSig, threads),
    );
    console.log('| job | apiward | createHmac ×2 workers | ratio (paired median) |');
    console.log('|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);

    console.log('\nEnd to end (a fresh `node` process per run: start-up, kernel build, workers, the list):');
    console.log('| list | candidates | process wall | inside crack() | peak RSS |');
    console.log('|---|---|---|---|---|');
    const e2e = (label: string, kind: 'jwt' | 'flask', value: string, source: string, runs = RUNS) => {
      const rs = Array.from({ length: runs }, () => child(kind, value, source));
      const r = rs[0]!;
      const rss = Math.max(...rs.map((x) => x.maxRssKiB)) / 1024;
      console.log(
        `| ${label} | ${r.tried.toLocaleString('en')} | ${ms(median(rs.map((x) => x.wallMs)))} | ${ms(median(rs.map((x) => x.elapsedMs)))} | ${rss.toFixed(0)} MiB |`,
      );
    };
    e2e('built-in (HS256)', 'jwt', hs256, 'builtin');
    e2e('wallarm jwt-secrets (HS256)', 'jwt', hs256, WALLARM);
    e2e('built-in (Flask)', 'flask', cookie, 'builtin');
    rmSync(words3m);
    const words10m = join(dir, 'words-10m.txt');
    writeWords(words10m, 10_000_000);
    e2e('10M generated words (HS256)', 'jwt', hs256, words10m, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
