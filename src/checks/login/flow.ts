/**
 * The login flow of a configured identity, rebuilt from its recorded login exchange so checks can
 * replay it with other values (unknown user, wrong password) and obtain fresh sessions of their own.
 */
import { parseJson } from '../../analysis/json-path.ts';
import type { Credential } from '../../auth/credential.ts';
import { extractCredential } from '../../auth/login.ts';
import type { ExtractRule } from '../../config/types.ts';
import { type Exchange, type HttpMethod, type RequestSpec, SAFE_METHODS } from '../../core/types.ts';
import type { CheckContext, IdentityView } from '../../engine/context.ts';
import { headerValue } from '../../http/transport.ts';

const PASSWORD_FIELD = /pass|pwd|secret|^pin$/i;
const USER_FIELD = /^(user(name)?|email|e-?mail|login|account|name|user_?id|identifier|phone|handle)$/i;
const ENGINE_HEADERS = new Set(['user-agent', 'accept', 'accept-encoding', 'x-apiward-request', 'cookie']);

export interface LoginTemplate {
  identity: IdentityView;
  method: HttpMethod;
  url: string;
  encoding: 'json' | 'form';
  headers: Record<string, string>;
  fields: Record<string, unknown>;
  userField: string;
  passwordField: string;
  username: string;
  password: string;
  /** Where the login answer carries the credential (the flow's `extract` rule). */
  source?: ExtractRule;
  /** The genuine login exchange the template comes from. */
  genuine: Exchange;
}

/** Login flows of the configured identities whose body names a user and a password field. */
export function loginTemplates(ctx: CheckContext): LoginTemplate[] {
  const out: LoginTemplate[] = [];
  for (const identity of ctx.identities) {
    const t = templateOf(identity);
    if (t) out.push(t);
  }
  return out;
}

export function templateOf(identity: IdentityView): LoginTemplate | undefined {
  const exchange = identity.loginExchange;
  const body = exchange?.request.body;
  if (!exchange?.response || body === undefined) return undefined;
  const contentType = (headerValue(exchange.request.headers, 'content-type') ?? '').toLowerCase();
  let fields: Record<string, unknown>;
  let encoding: 'json' | 'form';
  if (contentType.includes('json')) {
    const parsed = parseJson(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    fields = parsed as Record<string, unknown>;
    encoding = 'json';
  } else {
    fields = Object.fromEntries(new URLSearchParams(body));
    encoding = 'form';
  }
  const keys = Object.keys(fields);
  const passwordField = keys.find((k) => PASSWORD_FIELD.test(k) && typeof fields[k] === 'string');
  const userField = keys.find(
    (k) => k !== passwordField && USER_FIELD.test(k) && typeof fields[k] === 'string',
  );
  if (!passwordField || !userField) return undefined;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(exchange.request.headers)) {
    if (!ENGINE_HEADERS.has(k.toLowerCase())) headers[k] = v;
  }
  const template: LoginTemplate = {
    identity,
    method: exchange.request.method,
    url: exchange.request.url,
    encoding,
    headers,
    fields,
    userField,
    passwordField,
    username: fields[userField] as string,
    password: fields[passwordField] as string,
    genuine: exchange,
  };
  if (identity.login) template.source = identity.login.extract;
  return template;
}

/** The credential a (replayed) login answer hands out, placed like the identity's own. */
export function issuedCredentials(template: LoginTemplate, exchange: Exchange): Credential[] | undefined {
  const response = exchange.response;
  const source = template.source;
  if (!response || !source || response.status >= 400) return undefined;
  const extracted = extractCredential(source, response);
  const value = source.from === 'header' ? extracted?.replace(/^Bearer\s+/i, '') : extracted;
  if (!value) return undefined;
  const placement = template.identity.credentials()[0]?.placement;
  if (!placement) return undefined;
  return [{ placement, value }];
}

export function loginSpec(
  template: LoginTemplate,
  values: { username?: string; password?: string; extra?: Record<string, string> } = {},
): RequestSpec {
  const fields = {
    ...template.fields,
    [template.userField]: values.username ?? template.username,
    [template.passwordField]: values.password ?? template.password,
  };
  const body =
    template.encoding === 'json'
      ? JSON.stringify(fields)
      : new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
  return {
    method: template.method,
    url: template.url,
    headers: { ...template.headers, ...values.extra },
    body,
  };
}

/** True when the scan may send this method (unsafe methods need --active). */
export function maySend(ctx: CheckContext, method: HttpMethod): boolean {
  return SAFE_METHODS.has(method) || ctx.settings.active;
}

/** Logs in again with the template's genuine values and returns the new session (or undefined). */
export async function freshSession(
  ctx: CheckContext,
  template: LoginTemplate,
  label: string,
  extraHeaders?: Record<string, string>,
): Promise<{ exchange: Exchange; credentials: Credential[] } | undefined> {
  if (!maySend(ctx, template.method)) return undefined;
  const exchange = await ctx.http.send(loginSpec(template, extraHeaders ? { extra: extraHeaders } : {}), {
    label,
  });
  const credentials = issuedCredentials(template, exchange);
  return credentials ? { exchange, credentials } : undefined;
}

/** A random value that no account uses, shaped like `like` (an email stays an email). */
export function unknownUser(like: string, tag: string): string {
  const at = like.indexOf('@');
  if (at > 0) return `apiward-${tag}@${like.slice(at + 1)}`;
  return `apiward_${tag}`.slice(0, Math.max(like.length, 12));
}
