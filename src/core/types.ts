/**
 * The vocabulary of apiward. Every module speaks in these types; nothing here does I/O.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['confirmed', 'likely'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Report categories; together they cover the OWASP API Security Top 10 (2023). */
export const CATEGORIES = [
  'authentication',
  'bola',
  'bfla',
  'property-authorization',
  'input-validation',
  'rate-limiting',
  'data-exposure',
  'encryption',
  'ssrf',
  'inventory',
  'unsafe-consumption',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type OwaspId = `API${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}:2023`;
export type CweId = `CWE-${number}`;

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'TRACE';
export const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Headers = Record<string, string | string[]>;

/** A request as apiward builds it, before credentials are applied and secrets are redacted. */
export interface RequestSpec {
  method: HttpMethod;
  /** Absolute URL, or a path resolved against the target's base URL. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RecordedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Headers;
  /** Decoded body text, cut at the body cap. */
  body: string;
  /** Bytes read from the wire (before decompression), capped. */
  bytes: number;
  truncated: boolean;
}

/** One request/response pair, kept so a finding can cite exactly what proves it. */
export interface Exchange {
  id: number;
  /** Why the check sent it, e.g. "baseline (alice's genuine token)". */
  label: string;
  identity: string;
  request: RecordedRequest;
  response?: RecordedResponse;
  error?: string;
  startedAt: string;
  durationMs: number;
}

export interface Evidence {
  /** One sentence a reviewer can check against the exchanges. */
  summary: string;
  exchanges: Exchange[];
  /** Reproducible commands, secrets redacted (filled by the engine from the exchanges). */
  curl?: string[];
  /** Extra facts that were established offline (e.g. "HMAC key cracked: 'secret'"). */
  facts?: Record<string, string>;
}

export interface EndpointRef {
  method: HttpMethod;
  /** Path template as the API names it, e.g. /users/{id}. */
  path: string;
}

export interface Compliance {
  framework: 'PCI-DSS 4.0' | 'SOC 2';
  control: string;
}

export interface Remediation {
  summary: string;
  /** Which stack variant was chosen, e.g. "flask+dynamodb" or "generic". */
  variant: string;
  steps: string[];
  code?: { language: string; source: string };
}

export interface CheckMeta {
  /** Stable, kebab-case, never reused: e.g. "jwt-alg-none". */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  owasp: OwaspId;
  cwe: CweId;
  description: string;
  references: string[];
  compliance: Compliance[];
  /** true when the check sends methods other than GET/HEAD/OPTIONS; it runs only with --active. */
  active?: boolean;
}

/** What a check returns; the engine completes it with metadata, curl lines and remediation. */
export interface FindingDraft {
  endpoint: EndpointRef;
  evidence: Evidence;
  confidence?: Confidence;
  /** Overrides of the check's default severity/title, when one check reports different shapes. */
  severity?: Severity;
  title?: string;
  /** Distinguishes findings of one check on one endpoint (e.g. the alg spelling). */
  variant?: string;
  detail?: string;
}

export interface Finding {
  id: string;
  check: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  category: Category;
  owasp: OwaspId;
  cwe: CweId;
  compliance: Compliance[];
  endpoint: EndpointRef;
  description: string;
  detail?: string;
  evidence: Evidence;
  remediation: Remediation;
  references: string[];
}

export interface CheckError {
  check: string;
  message: string;
}

export interface FingerprintSignal {
  kind: 'framework' | 'server' | 'datastore' | 'language' | 'auth';
  name: string;
  confidence: Confidence;
  evidence: string;
}

export interface StackFingerprint {
  framework?: string;
  server?: string;
  datastore?: string;
  language?: string;
  signals: FingerprintSignal[];
}

export interface CategoryScore {
  category: Category;
  score: number;
  findings: number;
}
