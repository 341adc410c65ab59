import type { Identity } from '../auth/identity.ts';
import type { Exchange } from '../core/types.ts';

const MAX_RELOGINS = 5;

export interface SessionGuardDeps {
  login(identity: Identity): Promise<unknown>;
  probe(identity: Identity, url: string): Promise<Exchange>;
  onSecret(secret: string): void;
  abort(reason: string): void;
}

interface IdentityHealth {
  lastGoodUrl?: string;
  successes: number;
  unauthorized: number;
  relogins: number;
  denyingUrls: Set<string>;
  serial: Promise<unknown>;
}

/**
 * Tells "this endpoint refuses this user" apart from "this user's session died". When an identity's
 * genuine credential gets a 401, the guard re-probes a URL that worked before; if that fails too it
 * re-runs the login, and when it cannot, it aborts the scan — a dead session never yields a clean report.
 */
export class SessionGuard {
  readonly #deps: SessionGuardDeps;
  readonly #health = new Map<string, IdentityHealth>();
  readonly #probing = new Set<string>();

  constructor(deps: SessionGuardDeps) {
    this.#deps = deps;
  }

  #of(name: string): IdentityHealth {
    let h = this.#health.get(name);
    if (!h) {
      h = { successes: 0, unauthorized: 0, relogins: 0, denyingUrls: new Set(), serial: Promise.resolve() };
      this.#health.set(name, h);
    }
    return h;
  }

  /** Records a genuine request's outcome for an authenticated identity. */
  noteGenuine(identity: Identity, exchange: Exchange): void {
    const status = exchange.response?.status;
    if (status === undefined || identity.anonymous) return;
    const h = this.#of(identity.name);
    if (status === 401) h.unauthorized++;
    else if (status >= 200 && status < 300) {
      h.successes++;
      if (exchange.request.method === 'GET') h.lastGoodUrl = exchange.request.url;
    }
  }

  /** Identities whose credential was refused on every request they made. */
  neverAccepted(): string[] {
    return [...this.#health.entries()]
      .filter(([, h]) => h.successes === 0 && h.unauthorized > 0)
      .map(([n]) => n);
  }

  async onUnauthorized(identity: Identity, exchange: Exchange): Promise<boolean> {
    if (this.#probing.has(identity.name)) return false;
    const h = this.#of(identity.name);
    const url = exchange.request.url;
    if (h.denyingUrls.has(url)) return false;
    const run = h.serial.then(() => this.#decide(identity, h, exchange));
    h.serial = run.catch(() => undefined);
    return run;
  }

  async #decide(identity: Identity, h: IdentityHealth, exchange: Exchange): Promise<boolean> {
    const url = exchange.request.url;
    if (!carriesCurrentCredential(identity, exchange)) return true; // another request already re-logged in
    if (!h.lastGoodUrl) {
      h.denyingUrls.add(url);
      return false;
    }
    if (h.lastGoodUrl !== url) {
      this.#probing.add(identity.name);
      const probe = await this.#deps
        .probe(identity, h.lastGoodUrl)
        .finally(() => this.#probing.delete(identity.name));
      const status = probe.response?.status ?? 0;
      if (status >= 200 && status < 300) {
        h.denyingUrls.add(url);
        return false;
      }
    }
    if (!identity.login) {
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
}

function carriesCurrentCredential(identity: Identity, exchange: Exchange): boolean {
  const { url, headers } = exchange.request;
  const haystack = `${url}\n${Object.values(headers).join('\n')}`;
  return identity
    .credentials()
    .every((c) => haystack.includes(c.value) || haystack.includes(encodeURIComponent(c.value)));
}
