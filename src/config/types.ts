import type { Placement } from '../auth/credential.ts';
import type { HttpMethod, Severity } from '../core/types.ts';

export type ExtractRule =
  | { from: 'json'; path: string }
  | { from: 'cookie'; name: string }
  | { from: 'header'; name: string };

export interface LoginFlow {
  method: HttpMethod;
  path: string;
  json?: Record<string, unknown>;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  extract: ExtractRule;
  apply?: Placement;
  /** marker name → JSON path in the login response body. */
  markers?: Record<string, string>;
}

export interface IdentityConfig {
  role?: string;
  bearer?: string;
  apiKey?: { header: string; value: string };
  basic?: { username: string; password: string };
  cookie?: string;
  headers?: Record<string, string>;
  login?: LoginFlow;
  markers?: Record<string, string>;
}

export interface ScanConfig {
  target?: string;
  spec?: string;
  endpoints?: string[];
  identities?: Record<string, IdentityConfig>;
  active?: boolean;
  rate?: number;
  concurrency?: number;
  timeout?: number;
  maxRequests?: number;
  deadline?: number;
  threshold?: number;
  failOn?: Severity;
  wordlists?: string[];
  jwtKeys?: string[];
  checks?: { include?: string[]; exclude?: string[] };
}
