import type { Credential } from '../auth/credential.ts';
import type { LoginFlow } from '../config/types.ts';
import type {
  CheckMeta,
  Exchange,
  FindingDraft,
  HttpMethod,
  RequestSpec,
  StackFingerprint,
} from '../core/types.ts';
import type { Endpoint, Inventory } from '../inventory/types.ts';

/** A principal the scan can act as. `anonymous` has no credentials. */
export interface IdentityView {
  readonly name: string;
  readonly role?: string;
  readonly anonymous: boolean;
  /** Current credentials (after any login). Treat as secret: never print them. */
  credentials(): readonly Credential[];
  /** Values learned at login or from the config that identify this principal (user id, email, username). */
  readonly markers: ReadonlyMap<string, string>;
  /** The configured login flow, when the identity logs in through one. */
  readonly login?: LoginFlow;
  /** The latest login request and response, when the identity logs in through a flow. */
  readonly loginExchange?: Exchange;
}

export interface SendOptions {
  /** Who sends it. Defaults to anonymous. */
  identity?: IdentityView;
  /** Replace the identity's credentials for this request (e.g. a forged token in the same place). */
  credentials?: readonly Credential[];
  /** Why the check sends it; shown in evidence. */
  label: string;
}

export interface ScanHttp {
  send(request: RequestSpec, options: SendOptions): Promise<Exchange>;
  /** Resolve a path against the target base URL. */
  url(path: string): string;
  readonly requestsSent: number;
}

export interface Target {
  baseUrl: URL;
  /** The only origins requests may go to. */
  origins: ReadonlySet<string>;
}

export interface ScanSettings {
  active: boolean;
  wordlists: readonly string[];
  /** White-box keys supplied by the user for JWT claim-validation tests. */
  jwtKeys: readonly string[];
}

export interface CheckContext {
  readonly target: Target;
  readonly inventory: Inventory;
  readonly identities: readonly IdentityView[];
  readonly anonymous: IdentityView;
  readonly settings: ScanSettings;
  readonly http: ScanHttp;
  readonly fingerprint: StackFingerprint;
  /**
   * Computes a value once per scan under `key` and shares it between checks
   * (e.g. a cracked secret, an endpoint's auth baseline). Concurrent callers await the same promise.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Progress line for the live display. */
  progress(message: string): void;
  /** Adds a named section to the report (e.g. the authorization matrix). */
  section(name: string, value: unknown): void;
  readonly signal: AbortSignal;
}

export interface Check {
  meta: CheckMeta;
  /** Skip quickly when the check cannot apply (no tokens, no cookies…). */
  applies?(ctx: CheckContext): boolean;
  run(ctx: CheckContext): Promise<FindingDraft[]>;
}

export type { Endpoint, HttpMethod };
