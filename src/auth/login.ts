import { getPath, parseJson } from '../analysis/json-path.ts';
import type { ExtractRule, LoginFlow } from '../config/types.ts';
import type { Exchange, RecordedResponse, RequestSpec } from '../core/types.ts';
import { parseSetCookies } from '../http/cookies.ts';
import { headerValue, headerValues } from '../http/transport.ts';
import type { Credential, Placement } from './credential.ts';
import type { Identity } from './identity.ts';

export class LoginError extends Error {
  constructor(identity: string, reason: string) {
    super(`login for identity "${identity}" failed: ${reason}`);
    this.name = 'LoginError';
  }
}

/** Field names whose values identify the logged-in principal when a login body carries them. */
const AUTO_MARKERS = ['user_id', 'userId', 'id', 'username', 'email', 'sub', 'account_id', 'tenant_id'];

export function loginRequest(flow: LoginFlow): RequestSpec {
  const headers: Record<string, string> = { ...flow.headers };
  let body: string | undefined;
  if (flow.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(flow.json);
  } else if (flow.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(flow.form).toString();
  }
  const request: RequestSpec = { method: flow.method ?? 'POST', url: flow.path, headers };
  if (body !== undefined) request.body = body;
  return request;
}

export function extractCredential(rule: ExtractRule, response: RecordedResponse): string | undefined {
  switch (rule.from) {
    case 'json': {
      const value = getPath(parseJson(response.body), rule.path);
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    }
    case 'header':
      return headerValue(response.headers, rule.name);
    case 'cookie': {
      const cookie = parseSetCookies(headerValues(response.headers, 'set-cookie')).find(
        (c) => c.name === rule.name,
      );
      return cookie?.value || undefined;
    }
  }
}

export function defaultPlacement(rule: ExtractRule): Placement {
  return rule.from === 'cookie'
    ? { in: 'cookie', name: rule.name }
    : { in: 'header', name: 'Authorization', scheme: 'Bearer' };
}

export function extractMarkers(flow: LoginFlow, response: RecordedResponse): Map<string, string> {
  const body = parseJson(response.body);
  const markers = new Map<string, string>();
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const nested = [record, record.user, record.data].filter(
      (v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v),
    );
    for (const source of nested) {
      for (const key of AUTO_MARKERS) {
        const v = source[key];
        if ((typeof v === 'string' || typeof v === 'number') && !markers.has(key))
          markers.set(key, String(v));
      }
    }
  }
  for (const [name, path] of Object.entries(flow.markers ?? {})) {
    const v = getPath(body, path);
    if (typeof v === 'string' || typeof v === 'number') markers.set(name, String(v));
  }
  return markers;
}

/**
 * Runs the identity's login flow through `send` and installs the credential it yields.
 * Throws LoginError with a one-line reason when the API does not hand one out.
 */
export async function performLogin(
  identity: Identity,
  send: (request: RequestSpec) => Promise<Exchange>,
): Promise<Exchange> {
  const flow = identity.login;
  if (!flow) throw new LoginError(identity.name, 'no login flow configured');
  const exchange = await send(loginRequest(flow));
  const response = exchange.response;
  if (!response) throw new LoginError(identity.name, exchange.error ?? 'no response');
  if (response.status >= 400) {
    throw new LoginError(identity.name, `${flow.method ?? 'POST'} ${flow.path} answered ${response.status}`);
  }
  const value = extractCredential(flow.extract, response);
  if (!value) {
    const where =
      flow.extract.from === 'json'
        ? `JSON path "${flow.extract.path}"`
        : `${flow.extract.from} "${flow.extract.name}"`;
    throw new LoginError(identity.name, `the response has no credential at ${where}`);
  }
  const credential: Credential = { placement: flow.apply ?? defaultPlacement(flow.extract), value };
  identity.replaceCredentials([credential]);
  identity.loginExchange = exchange;
  for (const [k, v] of extractMarkers(flow, response))
    if (!identity.markers.has(k)) identity.markers.set(k, v);
  return exchange;
}
