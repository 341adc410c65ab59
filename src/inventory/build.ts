import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Identity } from '../auth/identity.ts';
import type { ScanConfig } from '../config/types.ts';
import { usageError } from '../core/errors.ts';
import type { EngineHttp } from '../engine/http.ts';
import { parseEndpointLine } from './config-endpoints.ts';
import { discoverEndpoints, findSpec } from './discover.ts';
import { dereferenceSpec, endpointsFromSpec, parseSpecText, SpecError } from './spec.ts';
import type { Endpoint, Inventory } from './types.ts';

const MAX_SPEC_BYTES = 20 * 1024 * 1024;

interface BuildInput {
  config: ScanConfig;
  baseUrl: URL;
  http: EngineHttp;
  identities: readonly Identity[];
  cwd: string;
}

/** Spec (given or discovered) + configured endpoints + discovery when little else is known. */
export async function buildInventory(input: BuildInput): Promise<Inventory> {
  const { config, baseUrl, http } = input;
  const prober = input.identities[0];
  const send = (request: Parameters<EngineHttp['send']>[0], label: string) =>
    http.send(request, prober ? { identity: prober, label } : { label });

  let inventory: Inventory = { endpoints: [], declaredServers: [], warnings: [] };
  const spec = config.spec ? await readGivenSpec(config.spec, input) : await findSpec(send);
  if (spec) {
    try {
      const doc = await dereferenceSpec(parseSpecText(spec.text, spec.path), spec.path);
      inventory = endpointsFromSpec(doc, baseUrl, spec.path);
    } catch (error) {
      if (error instanceof SpecError && config.spec) throw usageError(error.message);
      if (!(error instanceof SpecError)) throw error;
      inventory.warnings.push(`ignored ${spec.path}: ${error.message}`);
    }
  }
  const known = new Set(inventory.endpoints.map((e) => `${e.method} ${e.path}`));
  for (const line of config.endpoints ?? []) {
    const endpoint = parseEndpointLine(line);
    const existing = inventory.endpoints.find(
      (e) => e.method === endpoint.method && e.path === endpoint.path,
    );
    if (existing) mergeHints(existing, endpoint);
    else {
      inventory.endpoints.push(endpoint);
      known.add(`${endpoint.method} ${endpoint.path}`);
    }
  }
  if (!spec) {
    const discovered = await discoverEndpoints(send, new Set(inventory.endpoints.map((e) => e.path)));
    inventory.endpoints.push(...discovered.filter((e: Endpoint) => !known.has(`${e.method} ${e.path}`)));
  }
  if (inventory.endpoints.length === 0) {
    inventory.warnings.push('no endpoints found: pass --spec or list endpoints in the config');
  }
  return inventory;
}

/** A configured endpoint that the spec also declares lends the spec operation its parameter values. */
function mergeHints(target: Endpoint, hint: Endpoint): void {
  for (const param of hint.params) {
    const same = target.params.find((p) => p.name === param.name && p.in === param.in);
    if (same) {
      if (param.example !== undefined) same.example = param.example;
    } else target.params.push(param);
  }
}

async function readGivenSpec(given: string, input: BuildInput): Promise<{ path: string; text: string }> {
  const isUrl = /^https?:\/\//i.test(given);
  const file = resolve(input.cwd, given);
  if (!isUrl && existsSync(file)) {
    try {
      const text = readFileSync(file, 'utf8');
      if (text.length > MAX_SPEC_BYTES) throw usageError(`spec ${given} is larger than 20 MB`);
      return { path: given, text };
    } catch (error) {
      if (error instanceof Error && error.name === 'ApiwardError') throw error;
      throw usageError(`cannot read spec ${given}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (isUrl && new URL(given).origin !== input.baseUrl.origin) {
    throw usageError(
      `spec URL ${given} is outside the target's origin; download it and pass the file instead`,
    );
  }
  if (!isUrl && !given.startsWith('/')) throw usageError(`spec file ${given} not found`);
  const exchange = await input.http.send({ method: 'GET', url: given }, { label: 'spec download' });
  if (!exchange.response) throw usageError(`cannot download spec ${given}: ${exchange.error}`);
  if (exchange.response.status !== 200) {
    throw usageError(`cannot download spec ${given}: HTTP ${exchange.response.status}`);
  }
  return { path: given, text: exchange.response.body };
}
