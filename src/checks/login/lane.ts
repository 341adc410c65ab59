import type { CheckContext } from '../../engine/context.ts';

/**
 * Checks that hammer the login endpoint take turns: a burst from one must not show up as a timing
 * difference or a lockout in another. Lower priority runs first; every check enters at the start of
 * its run, so the order is deterministic (enumeration before the burst that may lock the account).
 */
export class Lane {
  readonly #queue: Array<{ priority: number; start: () => void }> = [];
  #busy = false;
  #scheduled = false;

  run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        priority,
        start: () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              this.#busy = false;
              this.#next();
            });
        },
      });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setTimeout(() => this.#next(), 25);
      }
    });
  }

  #next(): void {
    if (this.#busy || this.#queue.length === 0) return;
    this.#queue.sort((a, b) => a.priority - b.priority);
    const item = this.#queue.shift()!;
    this.#busy = true;
    item.start();
  }
}

export const PRIORITY = {
  enumeration: 0,
  defaultCredentials: 1,
  duplicateRegistration: 2,
  fixation: 3,
  logout: 4,
  replay: 5,
  rateLimit: 9,
} as const;

/** Runs `task` in the scan's login lane. */
export async function inLoginLane<T>(
  ctx: CheckContext,
  priority: number,
  task: () => Promise<T>,
): Promise<T> {
  const lane = await ctx.memo('login-lane', async () => new Lane());
  return lane.run(priority, task);
}
