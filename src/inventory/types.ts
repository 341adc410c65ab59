import type { HttpMethod } from '../core/types.ts';

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

export interface Param {
  name: string;
  in: ParamLocation;
  required: boolean;
  /** A concrete value to use (spec example, default, or schema-derived). */
  example?: string;
  schemaType?: string;
  format?: string;
}

export interface Endpoint {
  method: HttpMethod;
  /** Template path, e.g. /users/{id}. */
  path: string;
  params: Param[];
  /** What the spec declares: 'required' when a security requirement applies, 'none' when it is explicitly empty. */
  declaredSecurity: 'required' | 'none' | 'unknown';
  source: 'spec' | 'config' | 'discovered';
  operationId?: string;
  summary?: string;
  tags: string[];
  deprecated?: boolean;
  /** JSON request body example for operations that take one. */
  bodyExample?: unknown;
}

export interface Inventory {
  endpoints: Endpoint[];
  specSource?: string;
  specVersion?: string;
  /** Absolute URLs the spec declares under `servers` (never contacted when off-origin). */
  declaredServers: string[];
  warnings: string[];
}
