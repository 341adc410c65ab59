/** Raised when the scan's request budget is spent; checks stop, the report says so. */
export class BudgetExhaustedError extends Error {
  constructor(limit: number) {
    super(`request budget of ${limit} exhausted`);
    this.name = 'BudgetExhaustedError';
  }
}

export class Budget {
  readonly limit: number;
  #used = 0;
  constructor(limit: number) {
    this.limit = limit;
  }
  take(): void {
    if (this.#used >= this.limit) throw new BudgetExhaustedError(this.limit);
    this.#used++;
  }
  get used(): number {
    return this.#used;
  }
  get exhausted(): boolean {
    return this.#used >= this.limit;
  }
}

/** Spaces request starts at most `perSecond` apart (a leaky bucket with no burst). */
export class RateLimiter {
  readonly #intervalMs: number;
  #next = 0;
  constructor(perSecond: number) {
    this.#intervalMs = perSecond > 0 ? 1000 / perSecond : 0;
  }
  async wait(signal: AbortSignal): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = performance.now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.#intervalMs;
    const delay = slot - now;
    if (delay > 0) await sleep(delay, signal);
  }
}

export class Semaphore {
  #free: number;
  readonly #waiters: Array<() => void> = [];
  constructor(size: number) {
    this.#free = Math.max(1, size);
  }
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiters.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
