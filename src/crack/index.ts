/**
 * Offline HMAC secret cracking: JWT HS256/384/512, Flask session cookies, Express signed cookies and
 * Django signed values, against our built-in list, exact values and streamed word lists.
 *
 * HS*, Flask and Express run on generated WebAssembly SIMD kernels (4 candidates per SHA-1/SHA-256
 * vector, 2 per SHA-512 vector, hundreds per call) in worker threads; Django uses node:crypto. Every
 * hit is re-verified with node:crypto before it is returned.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BUILTIN_SECRETS } from './builtin-secrets.ts';
import { createChecker, kernelKindFor } from './checkers.ts';
import { type ItemResult, Scanner } from './scanner.ts';
import { BufferPool, type CandidateSource, type PendingItem, workItems } from './sources.ts';
import { assertValidTarget, type CrackTarget, verifySecret } from './targets.ts';
import { kernelModule } from './wasm/kernels.ts';
import type { WorkerInit } from './worker.ts';

export { BUILTIN_BYTE_SECRETS, BUILTIN_SECRETS } from './builtin-secrets.ts';
export { decodePythonLiteral, forEachMutation, SUFFIXES } from './candidates.ts';
export {
  DJANGO_SALTS,
  type DjangoOptions,
  djangoSignedCookieOptions,
  djangoTarget,
  expressTarget,
  flaskTarget,
  jwtTarget,
} from './parse.ts';
export type { LineFormat } from './scanner.ts';
export type { CandidateSource } from './sources.ts';
export {
  type CrackTarget,
  type DjangoAlgorithm,
  expectedSignature,
  type JwtHmacAlg,
  verifySecret,
} from './targets.ts';

export interface CrackProgress {
  /** Candidates tested so far. */
  tried: number;
  /** Candidates per second since the start. */
  rate: number;
  elapsedMs: number;
  /** Label of the source being read: `builtin`, `list` or the file path. */
  source: string;
}

export interface CrackOptions {
  /** Worker threads; default: every core. 0 runs on the calling thread (small jobs do so anyway). */
  workers?: number;
  /** Also try case variants, separator swaps, trimmed whitespace and common suffixes of every word. */
  mutations?: boolean;
  /** Cancels the search; crack() then resolves with `cancelled: true`. */
  signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` (default 250 ms), and once at the end. */
  onProgress?(progress: CrackProgress): void;
  progressIntervalMs?: number;
}

export interface CrackResult {
  /** The secret found (UTF-8 decoded; see secretBytes for secrets that are not valid UTF-8). */
  secret?: string;
  secretBytes?: Uint8Array;
  /**
   * Candidates tested. Candidates are tested in batches (1,024 per kernel call, ~20k lines per work
   * item), so on a hit this counts the whole batches that finished, not the hit's position.
   */
  tried: number;
  elapsedMs: number;
  rate: number;
  /** Every candidate was tried without a hit. */
  exhausted: boolean;
  cancelled: boolean;
}

/**
 * Below this many (estimated) candidates, starting worker threads (~100-150 ms each, TypeScript
 * loading included) costs more than it saves: one thread tests ~1.5 M HS256 candidates/s.
 */
const INLINE_LIMIT = 300_000;
/** Average bytes per line assumed when estimating a word list's size (wallarm: 11.8). */
const BYTES_PER_LINE = 12;
/** Rough number of mutations per word. */
const MUTATIONS_PER_WORD = 150;

/** Tries the sources in order and stops at the first secret that reproduces the target's signature. */
export async function crack(
  target: CrackTarget,
  sources: CandidateSource[],
  options: CrackOptions = {},
): Promise<CrackResult> {
  assertValidTarget(target);
  const started = performance.now();
  const mutations = options.mutations ?? false;
  const progress = new ProgressReporter(started, options);
  const pool = new BufferPool();
  const items = workItems(sources, mutations, pool);
  const kind = kernelKindFor(target);
  const module = kind ? kernelModule(kind) : undefined;
  const workers =
    options.workers ??
    ((await estimateCandidates(sources, mutations)) < INLINE_LIMIT ? 0 : availableParallelism());
  let outcome: { hit?: Uint8Array; cancelled: boolean };
  try {
    outcome =
      workers <= 0
        ? await runInline(target, module, items, pool, progress, options.signal)
        : await runPool(target, module, items, pool, progress, workers, options.signal);
  } finally {
    await items.return(undefined);
  }
  const elapsedMs = performance.now() - started;
  progress.report(true);
  const result: CrackResult = {
    tried: progress.tried,
    elapsedMs,
    rate: progress.tried / Math.max(elapsedMs / 1000, 1e-9),
    exhausted: !outcome.hit && !outcome.cancelled,
    cancelled: outcome.cancelled,
  };
  if (outcome.hit) {
    result.secretBytes = Uint8Array.from(outcome.hit);
    result.secret = new TextDecoder().decode(outcome.hit);
  }
  return result;
}

async function estimateCandidates(sources: CandidateSource[], mutations: boolean): Promise<number> {
  let n = 0;
  for (const s of sources) {
    if (s.kind === 'builtin') n += BUILTIN_SECRETS.length;
    else if (s.kind === 'list') n += s.values.length;
    else
      n += await stat(s.path).then(
        (st) => st.size / BYTES_PER_LINE,
        () => Number.POSITIVE_INFINITY,
      );
  }
  return n * (mutations ? MUTATIONS_PER_WORD : 1);
}

class ProgressReporter {
  tried = 0;
  source = '';
  private last = 0;
  private readonly started: number;
  private readonly options: CrackOptions;

  constructor(started: number, options: CrackOptions) {
    this.started = started;
    this.options = options;
  }

  add(tried: number, source: string): void {
    this.tried += tried;
    this.source = source;
    this.report(false);
  }

  report(final: boolean): void {
    const cb = this.options.onProgress;
    if (!cb) return;
    const now = performance.now();
    if (!final && now - this.last < (this.options.progressIntervalMs ?? 250)) return;
    this.last = now;
    const elapsedMs = now - this.started;
    cb({
      tried: this.tried,
      rate: this.tried / Math.max(elapsedMs / 1000, 1e-9),
      elapsedMs,
      source: this.source,
    });
  }
}

type Outcome = { hit?: Uint8Array; cancelled: boolean };

async function runInline(
  target: CrackTarget,
  module: WebAssembly.Module | undefined,
  items: AsyncGenerator<PendingItem>,
  pool: BufferPool,
  progress: ProgressReporter,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  const scanner = new Scanner(createChecker(target, module));
  for await (const { item, source } of items) {
    if (signal?.aborted) return { cancelled: true };
    const r = scanner.process(item);
    if (item.kind === 'lines') pool.give(item.bytes.buffer as ArrayBuffer);
    progress.add(r.tried, source);
    if (r.hit && verifySecret(target, r.hit)) return { hit: r.hit, cancelled: false };
    // Let abort events and other I/O through between items.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { cancelled: signal?.aborted ?? false };
}

/** Two items in flight per worker, so a worker never waits for the next chunk. */
const IN_FLIGHT = 2;

async function runPool(
  target: CrackTarget,
  module: WebAssembly.Module | undefined,
  items: AsyncGenerator<PendingItem>,
  pool: BufferPool,
  progress: ProgressReporter,
  count: number,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  if (signal?.aborted) return { cancelled: true };
  const init: WorkerInit = module ? { target, module } : { target };
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./worker.ts', import.meta.url), { workerData: init }),
  );
  const waiting = new Map<number, (r: ItemResult) => void>();
  let stopped = false;
  let hit: Uint8Array | undefined;
  let onStop: (cancelled: boolean) => void = () => {};
  const stoppedEarly = new Promise<boolean>((resolve) => {
    onStop = resolve;
  });
  let failure: ((e: unknown) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    failure = reject;
  });
  failed.catch(() => {});
  const abort = (): void => {
    stopped = true;
    onStop(true);
  };
  signal?.addEventListener('abort', abort, { once: true });
  for (const w of workers) {
    w.on('message', (r: ItemResult) => {
      const resolve = waiting.get(r.id);
      waiting.delete(r.id);
      resolve?.(r);
    });
    w.on('error', (e) => failure?.(e));
    w.on('exit', (code) => {
      if (!stopped) failure?.(new Error(`crack worker exited with code ${code}`));
    });
  }
  const lane = async (w: Worker): Promise<void> => {
    while (!stopped) {
      const next = await items.next();
      if (next.done || stopped) return;
      const { item, transfer, source } = next.value;
      const result = await new Promise<ItemResult>((resolve) => {
        waiting.set(item.id, resolve);
        w.postMessage(item, transfer);
      });
      if (result.buffer) pool.give(result.buffer);
      progress.add(result.tried, source);
      if (result.hit && !stopped && verifySecret(target, result.hit)) {
        hit = result.hit;
        stopped = true;
        onStop(false);
      }
    }
  };
  const lanes = workers.flatMap((w) => Array.from({ length: IN_FLIGHT }, () => lane(w)));
  try {
    const cancelled = await Promise.race([Promise.all(lanes).then(() => false), stoppedEarly, failed]);
    return hit ? { hit, cancelled: false } : { cancelled };
  } finally {
    stopped = true;
    signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
