import type { IdentityConfig, LoginFlow } from '../config/types.ts';
import type { Exchange } from '../core/types.ts';
import type { IdentityView } from '../engine/context.ts';
import type { Credential } from './credential.ts';

/** A principal of the scan: its name, role, current credentials and identifying markers. */
export class Identity implements IdentityView {
  readonly name: string;
  readonly role?: string;
  readonly anonymous: boolean;
  readonly login?: LoginFlow;
  readonly markers = new Map<string, string>();
  loginExchange?: Exchange;
  #credentials: Credential[];

  constructor(name: string, options: { role?: string; credentials?: Credential[]; login?: LoginFlow } = {}) {
    this.name = name;
    if (options.role !== undefined) this.role = options.role;
    if (options.login !== undefined) this.login = options.login;
    this.#credentials = options.credentials ?? [];
    this.anonymous = this.#credentials.length === 0 && !options.login;
  }

  credentials(): readonly Credential[] {
    return this.#credentials;
  }

  replaceCredentials(credentials: Credential[]): void {
    this.#credentials = credentials;
  }

  /** Every secret value this identity carries, for the redactor. */
  secrets(): string[] {
    return this.#credentials.map((c) => c.value);
  }
}

export function anonymousIdentity(): Identity {
  return new Identity('anonymous');
}

/** Static credentials from the config; a login flow adds its own at scan start. */
export function identityFromConfig(name: string, config: IdentityConfig): Identity {
  const credentials: Credential[] = [];
  if (config.bearer) {
    credentials.push({
      placement: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      value: config.bearer,
    });
  }
  if (config.apiKey) {
    credentials.push({ placement: { in: 'header', name: config.apiKey.header }, value: config.apiKey.value });
  }
  if (config.basic) {
    const encoded = Buffer.from(`${config.basic.username}:${config.basic.password}`).toString('base64');
    credentials.push({ placement: { in: 'header', name: 'Authorization', scheme: 'Basic' }, value: encoded });
  }
  if (config.cookie) {
    for (const pair of config.cookie.split(';')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      credentials.push({
        placement: { in: 'cookie', name: pair.slice(0, eq).trim() },
        value: pair.slice(eq + 1).trim(),
      });
    }
  }
  for (const [header, value] of Object.entries(config.headers ?? {})) {
    credentials.push({ placement: { in: 'header', name: header }, value });
  }
  const options: { role?: string; credentials: Credential[]; login?: LoginFlow } = { credentials };
  if (config.role !== undefined) options.role = config.role;
  if (config.login !== undefined) options.login = config.login;
  const identity = new Identity(name, options);
  for (const [k, v] of Object.entries(config.markers ?? {})) identity.markers.set(k, v);
  return identity;
}

/** Secrets named in the config itself (passwords in login bodies, basic passwords). */
export function configSecrets(config: IdentityConfig): string[] {
  const out: string[] = [];
  if (config.basic) out.push(config.basic.password);
  for (const body of [config.login?.json, config.login?.form]) {
    for (const [key, value] of Object.entries(body ?? {})) {
      if (typeof value === 'string' && /pass|secret|token|key|pin|otp/i.test(key)) out.push(value);
    }
  }
  return out;
}
