import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import type { HttpMethod } from '../core/types.ts';
import { exampleFor } from './examples.ts';
import type { Endpoint, Inventory, Param, ParamLocation } from './types.ts';

const METHODS: HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_OPERATIONS = 5_000;

export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

type Json = Record<string, unknown>;

/** Parses JSON or YAML text into an OpenAPI 3.x / Swagger 2.0 document object. */
export function parseSpecText(text: string, source: string): Json {
  let doc: unknown;
  try {
    doc = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new SpecError(
      `spec ${source} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!isObject(doc)) throw new SpecError(`spec ${source} is not an object`);
  const version = String(doc.openapi ?? doc.swagger ?? '');
  if (!/^(2\.0|3\.[01])/.test(version)) {
    throw new SpecError(
      `spec ${source} is not OpenAPI 3.0/3.1 or Swagger 2.0 (no "openapi"/"swagger" version)`,
    );
  }
  if (!isObject(doc.paths)) throw new SpecError(`spec ${source} has no "paths" object`);
  return doc;
}

/**
 * Resolves internal `$ref`s (cycles are left as references) and never follows external ones:
 * a spec must not make the scanner fetch from other hosts.
 */
export async function dereferenceSpec(doc: Json, source: string): Promise<Json> {
  try {
    const options = {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: 'ignore' as const },
    };
    return (await SwaggerParser.dereference(
      structuredClone(doc) as never,
      options as never,
    )) as unknown as Json;
  } catch (error) {
    throw new SpecError(`spec ${source}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Builds the endpoint inventory from a dereferenced spec. Pure. */
export function endpointsFromSpec(doc: Json, baseUrl: URL, source: string): Inventory {
  const warnings: string[] = [];
  const declaredServers = serverUrls(doc, baseUrl);
  const prefix = pathPrefix(doc, baseUrl, warnings);
  const globalSecurity = doc.security;
  const endpoints: Endpoint[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    if (!isObject(item) || !path.startsWith('/')) continue;
    const shared = asArray(item.parameters);
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!isObject(op)) continue;
      if (endpoints.length >= MAX_OPERATIONS) {
        warnings.push(`spec has more than ${MAX_OPERATIONS} operations; the rest were ignored`);
        break;
      }
      const endpoint: Endpoint = {
        method,
        path: `${prefix}${path}`,
        params: mergeParams(shared, asArray(op.parameters)),
        declaredSecurity: securityOf(op.security ?? globalSecurity),
        source: 'spec',
        tags: asArray(op.tags).filter((t): t is string => typeof t === 'string'),
      };
      if (typeof op.operationId === 'string') endpoint.operationId = op.operationId;
      if (typeof op.summary === 'string') endpoint.summary = op.summary;
      if (op.deprecated === true) endpoint.deprecated = true;
      const body = bodyExample(op);
      if (body !== undefined) endpoint.bodyExample = body;
      endpoints.push(endpoint);
    }
  }
  return {
    endpoints,
    specSource: source,
    specVersion: String(doc.openapi ?? doc.swagger),
    declaredServers,
    warnings: [...new Set(warnings)],
  };
}

function securityOf(security: unknown): Endpoint['declaredSecurity'] {
  if (!Array.isArray(security)) return 'unknown';
  if (security.length === 0) return 'none';
  // An empty requirement object ({}) makes authentication optional.
  return security.some((req) => isObject(req) && Object.keys(req).length === 0) ? 'none' : 'required';
}

function mergeParams(shared: unknown[], own: unknown[]): Param[] {
  const byKey = new Map<string, Param>();
  for (const raw of [...shared, ...own]) {
    if (!isObject(raw) || typeof raw.name !== 'string') continue;
    const location = raw.in;
    if (location !== 'path' && location !== 'query' && location !== 'header' && location !== 'cookie')
      continue;
    const schema = isObject(raw.schema) ? raw.schema : raw; // Swagger 2.0 puts type on the parameter
    const param: Param = { name: raw.name, in: location as ParamLocation, required: raw.required === true };
    const example = exampleFor(raw, schema, raw.name);
    if (example !== undefined) param.example = example;
    if (typeof schema.type === 'string') param.schemaType = schema.type;
    if (typeof schema.format === 'string') param.format = schema.format;
    byKey.set(`${location}:${raw.name}`, param);
  }
  return [...byKey.values()];
}

function bodyExample(op: Json): unknown {
  const content =
    isObject(op.requestBody) && isObject(op.requestBody.content) ? op.requestBody.content : undefined;
  const json = content && isObject(content['application/json']) ? content['application/json'] : undefined;
  if (json && 'example' in json) return json.example;
  const bodyParam = asArray(op.parameters).find((p) => isObject(p) && p.in === 'body');
  if (isObject(bodyParam) && isObject(bodyParam.schema) && 'example' in bodyParam.schema) {
    return bodyParam.schema.example;
  }
  return undefined;
}

function serverUrls(doc: Json, baseUrl: URL): string[] {
  const out: string[] = [];
  for (const server of asArray(doc.servers)) {
    if (isObject(server) && typeof server.url === 'string') {
      try {
        out.push(new URL(server.url, baseUrl).toString());
      } catch {
        // An unparsable server URL is ignored: the scan always targets the given base URL.
      }
    }
  }
  if (typeof doc.host === 'string')
    out.push(`${asArray(doc.schemes)[0] ?? 'https'}://${doc.host}${doc.basePath ?? ''}`);
  return out;
}

/** The path prefix the spec's server (or basePath) adds, when it does not repeat the base URL's own path. */
function pathPrefix(doc: Json, baseUrl: URL, warnings: string[]): string {
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  let prefix = '';
  if (typeof doc.basePath === 'string') prefix = doc.basePath;
  if (typeof doc.host === 'string' && doc.host !== baseUrl.host) {
    warnings.push(
      `spec host is ${doc.host}; apiward scans only ${baseUrl.origin} and never contacts the spec's host`,
    );
  }
  const first = asArray(doc.servers)[0];
  if (isObject(first) && typeof first.url === 'string') {
    try {
      const server = new URL(first.url.replace(/\{[^}]+\}/g, 'x'), baseUrl);
      if (server.origin !== baseUrl.origin) {
        warnings.push(
          `spec servers point to ${server.origin}; apiward scans only ${baseUrl.origin} and never contacts the spec's servers`,
        );
      }
      prefix = server.pathname;
    } catch {
      prefix = '';
    }
  }
  prefix = prefix.replace(/\/+$/, '');
  return prefix === basePath || basePath.endsWith(prefix) ? '' : prefix;
}

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
