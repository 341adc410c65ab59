import type { Identity } from '../auth/identity.ts';
import type { Exchange } from '../core/types.ts';

const MAX_RELOGINS = 5;
/** Liveness candidates tried per decision (each costs one or two requests). */
const MAX_CANDIDATES = 3;

export interface SessionGuardDeps {
  login(identity: Identity): Promise<unknown>;
  /** Sends a GET as the identity without coming back to the guard on a 401. */
  probe(identity: Identity, url: string): Promise<Exchange>;
  /** Sends a GET without credentials. */
  probeAnonymous(url: string): Promise<Exchange>;
  onSecret(secret: string): void;
  abort(reason: string): void;
}

interface IdentityHealth {
  /** URLs (credential query parameters removed) that answered this identity's GET with 2xx, oldest first. */
  good: Set<string>;
  successes: number;
  /** 2xx answers to methods other than GET (their URLs say nothing about liveness). */
  otherSuccesses: number;
  successesAtRelogin: number;
  unauthorized: number;
  relogins: number;
  denyingUrls: Set<string>;
  serial: Promise<unknown>;
}

type Liveness = 'alive' | 'dead' | 'unknown';

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

/**
 * Tells "this endpoint refuses this user" apart from "this user's session died". When an identity's
 * genuine credential gets a 401, the guard re-probes a URL that worked for it before and that refuses
 * anonymous callers (a public URL proves nothing about a credential); if that fails too it re-runs the
 * login, and when it cannot, it aborts the scan — a dead session never yields a clean report.
 */
export class SessionGuard {
  readonly #deps: SessionGuardDeps;
  readonly #health = new Map<string, IdentityHealth>();
  /** GET URLs anonymous callers may read, and those they are refused. */
  readonly #public = new Set<string>();
  readonly #protected = new Set<string>();

  constructor(deps: SessionGuardDeps) {
    this.#deps = deps;
  }

  #of(name: string): IdentityHealth {
    let h = this.#health.get(name);
    if (!h) {
      h = {
        good: new Set(),
        successes: 0,
        otherSuccesses: 0,
        successesAtRelogin: 0,
        unauthorized: 0,
        relogins: 0,
        denyingUrls: new Set(),
        serial: Promise.resolve(),
      };
      this.#health.set(name, h);
    }
    return h;
  }

  /** Records a genuine request's outcome (anonymous ones teach which URLs are public). */
  noteGenuine(identity: Identity, exchange: Exchange): void {
    const status = exchange.response?.status;
    if (status === undefined) return;
    const key = urlKey(identity, exchange.request.url);
    if (identity.anonymous) {
      if (exchange.request.method !== 'GET') return;
      if (is2xx(status)) this.#public.add(key);
      else if (status === 401 || status === 403) this.#protected.add(key);
      return;
    }
    const h = this.#of(identity.name);
    if (status === 401) h.unauthorized++;
    else if (is2xx(status)) {
      h.successes++;
      if (exchange.request.method === 'GET') {
        h.good.delete(key);
        h.good.add(key);
      } else h.otherSuccesses++;
    }
  }

  /**
   * Identities whose credential was refused (401) and never accepted anywhere that is not public:
   * nothing of the scan shows the credential works, so a report would be meaningless.
   */
  neverAccepted(): string[] {
    return [...this.#health.entries()]
      .filter(
        ([, h]) =>
          h.unauthorized > 0 && h.otherSuccesses === 0 && ![...h.good].some((u) => !this.#public.has(u)),
      )
      .map(([n]) => n);
  }

  onUnauthorized(identity: Identity, exchange: Exchange): Promise<boolean> {
    const h = this.#of(identity.name);
    if (h.denyingUrls.has(urlKey(identity, exchange.request.url))) return Promise.resolve(false);
    const run = h.serial.then(() => this.#decide(identity, h, exchange));
    h.serial = run.catch(() => undefined);
    return run;
  }

  async #decide(identity: Identity, h: IdentityHealth, exchange: Exchange): Promise<boolean> {
    const url = urlKey(identity, exchange.request.url);
    if (!carriesCurrentCredential(identity, exchange)) return true; // another request already re-logged in
    if (h.denyingUrls.has(url)) return false;
    if (h.good.has(url)) {
      // It worked before: a plain re-read tells a dead session from a refused request variant.
      const again = await this.#deps.probe(identity, url);
      if (is2xx(again.response?.status)) return false;
    }
    const liveness = h.good.has(url) ? 'dead' : await this.#liveness(identity, h, url);
    if (liveness === 'alive') {
      h.denyingUrls.add(url);
      return false;
    }
    if (liveness === 'unknown') {
      // Nothing proves the credential ever opened a protected URL. A login flow gets one fresh
      // login per stretch of successes; otherwise the 401 stands, and a credential refused
      // everywhere ends the scan with an error (neverAccepted).
      const worthRelogin = identity.login && (h.relogins === 0 || h.successes > h.successesAtRelogin);
      if (!worthRelogin) {
        h.denyingUrls.add(url);
        return false;
      }
    } else if (!identity.login) {
      this.#deps.abort(
        `the credential of identity "${identity.name}" stopped working (a request that succeeded before now gets 401)`,
      );
      return false;
    }
    if (h.relogins >= MAX_RELOGINS) {
      this.#deps.abort(`identity "${identity.name}" lost its session ${MAX_RELOGINS} times; giving up`);
      return false;
    }
    h.relogins++;
    h.successesAtRelogin = h.successes;
    try {
      await this.#deps.login(identity);
      for (const s of identity.secrets()) this.#deps.onSecret(s);
      return true;
    } catch (error) {
      this.#deps.abort(
        `identity "${identity.name}" lost its session and re-login failed: ${(error as Error).message}`,
      );
      return false;
    }
  }

  /** Re-reads, as the identity, recent URLs that worked for it and refuse anonymous callers. */
  async #liveness(identity: Identity, h: IdentityHealth, failed: string): Promise<Liveness> {
    const candidates = [...h.good].reverse().filter((u) => u !== failed && !this.#public.has(u));
    for (const candidate of candidates.slice(0, MAX_CANDIDATES)) {
      const probe = await this.#deps.probe(identity, candidate);
      const status = probe.response?.status;
      if (status === 401) return 'dead';
      if (!is2xx(status)) continue;
      if (!this.#protected.has(candidate)) {
        const anonymous = await this.#deps.probeAnonymous(candidate);
        const anonStatus = anonymous.response?.status;
        if (is2xx(anonStatus)) {
          this.#public.add(candidate);
          continue;
        }
        if (anonStatus !== 401 && anonStatus !== 403) continue;
        this.#protected.add(candidate);
      }
      return 'alive';
    }
    return 'unknown';
  }
}

/** The URL without the identity's query-string credentials, so identity and anonymous requests compare. */
function urlKey(identity: Identity, raw: string): string {
  const names = identity
    .credentials()
    .filter((c) => c.placement.in === 'query')
    .map((c) => c.placement.name);
  if (names.length === 0) return raw;
  const url = new URL(raw);
  for (const n of names) url.searchParams.delete(n);
  return url.toString();
}

function carriesCurrentCredential(identity: Identity, exchange: Exchange): boolean {
  const { url, headers } = exchange.request;
  const haystack = `${url}\n${Object.values(headers).join('\n')}`;
  return identity
    .credentials()
    .every((c) => haystack.includes(c.value) || haystack.includes(encodeURIComponent(c.value)));
}
