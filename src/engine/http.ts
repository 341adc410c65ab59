import { applyCredentials } from '../auth/apply.ts';
import type { Identity } from '../auth/identity.ts';
import { type Exchange, type RecordedRequest, type RequestSpec, SAFE_METHODS } from '../core/types.ts';
import { type Budget, type RateLimiter, Semaphore } from '../http/limits.ts';
import { type Transport, TransportError } from '../http/transport.ts';
import type { Redactor } from '../report/redact.ts';
import type { ScanHttp, SendOptions, Target } from './context.ts';

export const USER_AGENT = 'apiward/0.1 (+https://github.com/apiward/apiward)';

/**
 * Absolute URLs pass through; paths are appended to the base URL's own path (e.g. /api/v1).
 * A path is always a path: "//other-host/x" stays on the base origin instead of being read
 * as a protocol-relative URL.
 */
export function joinUrl(base: URL, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return new URL(path).toString();
  const prefix = base.pathname.replace(/\/+$/, '');
  const rel = path.startsWith('/') ? path : `/${path}`;
  return new URL(`${base.origin}${prefix}${rel}`).toString();
}

export class OutOfScopeError extends Error {
  constructor(url: string) {
    super(`refused to send a request outside the target's origin: ${new URL(url).origin}`);
    this.name = 'OutOfScopeError';
  }
}

export class UnsafeMethodError extends Error {
  constructor(method: string) {
    super(`${method} is not sent without --active`);
    this.name = 'UnsafeMethodError';
  }
}

export interface EngineHttpDeps {
  transport: Transport;
  target: Target;
  budget: Budget;
  rate: RateLimiter;
  concurrency: number;
  redactor: Redactor;
  active: boolean;
  signal: AbortSignal;
  anonymous: Identity;
  /** Called when an identity's genuine credential is refused; resolves true when the request should be retried. */
  onUnauthorized?(identity: Identity, exchange: Exchange): Promise<boolean>;
  onExchange?(exchange: Exchange): void;
  /** Called for every request that carried an identity's own (not substituted) credentials. */
  onGenuine?(identity: Identity, exchange: Exchange): void;
}

/**
 * Every request of a scan goes through here: scope and method policy, credentials,
 * budget, rate and concurrency limits, and the exchange record that evidence cites.
 */
export class EngineHttp implements ScanHttp {
  readonly #deps: EngineHttpDeps;
  readonly #semaphore: Semaphore;
  #nextId = 1;

  constructor(deps: EngineHttpDeps) {
    this.#deps = deps;
    this.#semaphore = new Semaphore(deps.concurrency);
  }

  get requestsSent(): number {
    return this.#deps.budget.used;
  }

  url(path: string): string {
    return joinUrl(this.#deps.target.baseUrl, path);
  }

  send(request: RequestSpec, options: SendOptions): Promise<Exchange> {
    if (!SAFE_METHODS.has(request.method) && !this.#deps.active) {
      return Promise.reject(new UnsafeMethodError(request.method));
    }
    return this.#send(request, options, false);
  }

  /** The login request is the one unsafe request allowed without --active. */
  sendLogin(request: RequestSpec, identity: Identity): Promise<Exchange> {
    return this.#send(request, { identity: this.#deps.anonymous, label: `login as ${identity.name}` }, true);
  }

  /** A session-liveness probe: a GET that never comes back to onUnauthorized or onGenuine. */
  sendProbe(url: string, identity: Identity, label: string): Promise<Exchange> {
    return this.#send({ method: 'GET', url }, { identity, label }, true);
  }

  async #send(request: RequestSpec, options: SendOptions, unguarded: boolean): Promise<Exchange> {
    const url = this.#resolve(request.url);
    const identity = (options.identity ?? this.#deps.anonymous) as Identity;
    const genuine = options.credentials === undefined;
    const credentials = options.credentials ?? identity.credentials();
    const base: RecordedRequest = {
      method: request.method,
      url,
      headers: {
        'user-agent': USER_AGENT,
        accept: 'application/json, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
        ...request.headers,
      },
    };
    if (request.body !== undefined) base.body = request.body;
    const prepared = applyCredentials(base, credentials);
    if (!this.#deps.target.origins.has(new URL(prepared.url).origin)) throw new OutOfScopeError(prepared.url);

    const exchange = await this.#exchange(prepared, options.label, identity.name);
    if (genuine && !unguarded) this.#deps.onGenuine?.(identity, exchange);
    if (
      !unguarded &&
      genuine &&
      !identity.anonymous &&
      exchange.response?.status === 401 &&
      this.#deps.onUnauthorized &&
      (await this.#deps.onUnauthorized(identity, exchange))
    ) {
      const retried = applyCredentials(base, identity.credentials());
      const again = await this.#exchange(retried, `${options.label} (after re-login)`, identity.name);
      this.#deps.onGenuine?.(identity, again);
      return again;
    }
    return exchange;
  }

  async #exchange(request: RecordedRequest, label: string, identity: string): Promise<Exchange> {
    this.#deps.budget.take();
    const id = this.#nextId++;
    request.headers['x-apiward-request'] = String(id);
    return this.#semaphore.run(async () => {
      await this.#deps.rate.wait(this.#deps.signal);
      const startedAt = new Date();
      const t0 = performance.now();
      const exchange: Exchange = {
        id,
        label,
        identity,
        request,
        startedAt: startedAt.toISOString(),
        durationMs: 0,
      };
      try {
        if (this.#deps.signal.aborted) throw new TransportError('aborted', 'scan deadline reached');
        exchange.response = await this.#deps.transport.send(request, this.#deps.signal);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        exchange.error = error.message;
      }
      exchange.durationMs = Math.round(performance.now() - t0);
      this.#deps.onExchange?.(exchange);
      return exchange;
    });
  }

  #resolve(url: string): string {
    try {
      return joinUrl(this.#deps.target.baseUrl, url);
    } catch {
      throw new OutOfScopeError(String(url));
    }
  }
}
