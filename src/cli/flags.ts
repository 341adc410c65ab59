import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Placement } from '../auth/credential.ts';
import { CONFIG_FILE_NAMES, loadConfigFile, validateConfig } from '../config/load.ts';
import type { ExtractRule, IdentityConfig, LoginFlow, ScanConfig } from '../config/types.ts';
import { usageError } from '../core/errors.ts';
import { SEVERITIES, type Severity } from '../core/types.ts';

/** The scan command's flags as commander hands them over. */
export interface ScanFlags {
  config?: string;
  spec?: string;
  bearer?: string;
  apiKey?: string;
  basic?: string;
  cookie?: string;
  header?: string[];
  login?: string;
  loginJson?: string;
  loginForm?: string;
  loginExtract?: string;
  loginApply?: string;
  identity?: string;
  format?: string;
  output?: string;
  threshold?: string;
  failOn?: string;
  active?: boolean;
  rate?: string;
  concurrency?: string;
  timeout?: string;
  maxRequests?: string;
  deadline?: string;
  wordlist?: string[];
  jwtKey?: string[];
  checks?: string;
  excludeChecks?: string;
}

/** Precedence: flags over environment over config file. Returns a validated config. */
export function resolveConfig(flags: ScanFlags, env: NodeJS.ProcessEnv, cwd: string): ScanConfig {
  const file =
    flags.config ??
    env.APIWARD_CONFIG ??
    CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
  const base: ScanConfig = file ? loadConfigFile(resolve(cwd, file)) : {};
  const merged: ScanConfig = { ...base };
  const set = <K extends keyof ScanConfig>(key: K, value: ScanConfig[K] | undefined) => {
    if (value !== undefined) merged[key] = value;
  };
  set('spec', flags.spec ?? env.APIWARD_SPEC);
  set('active', flags.active || env.APIWARD_ACTIVE === '1' ? true : undefined);
  set('rate', num(flags.rate ?? env.APIWARD_RATE, '--rate'));
  set('concurrency', int(flags.concurrency, '--concurrency'));
  set('timeout', num(flags.timeout, '--timeout'));
  set('maxRequests', int(flags.maxRequests ?? env.APIWARD_MAX_REQUESTS, '--max-requests'));
  set('deadline', num(flags.deadline, '--deadline'));
  set('threshold', num(flags.threshold ?? env.APIWARD_THRESHOLD, '--threshold'));
  set('failOn', severity(flags.failOn ?? env.APIWARD_FAIL_ON));
  if (flags.wordlist?.length) merged.wordlists = flags.wordlist;
  if (flags.jwtKey?.length) merged.jwtKeys = flags.jwtKey;
  if (flags.checks || flags.excludeChecks) {
    merged.checks = {
      ...(flags.checks ? { include: list(flags.checks) } : {}),
      ...(flags.excludeChecks ? { exclude: list(flags.excludeChecks) } : {}),
    };
  }
  const identity = identityFromFlags(flags, env);
  if (identity) {
    const name = flags.identity ?? 'user';
    merged.identities = { ...merged.identities, [name]: { ...merged.identities?.[name], ...identity } };
  }
  return validateConfig(merged, file ? `${file} (with command-line flags)` : 'from command-line flags');
}

/** --threshold and --fail-on for commands without a config file (demo); same rules as the config schema. */
export function gateFromFlags(flags: {
  threshold?: string | undefined;
  failOn?: string | undefined;
}): Pick<ScanConfig, 'threshold' | 'failOn'> {
  const threshold = num(flags.threshold, '--threshold');
  if (threshold !== undefined && threshold > 100) {
    throw usageError(`--threshold expects a score from 0 to 100, got "${flags.threshold}"`);
  }
  const failOn = severity(flags.failOn);
  return { ...(threshold !== undefined ? { threshold } : {}), ...(failOn ? { failOn } : {}) };
}

function identityFromFlags(flags: ScanFlags, env: NodeJS.ProcessEnv): IdentityConfig | undefined {
  const out: IdentityConfig = {};
  const bearer = flags.bearer ?? env.APIWARD_BEARER;
  if (bearer) out.bearer = bearer;
  if (flags.apiKey) {
    const [header, value] = splitOnce(flags.apiKey, ':', '--api-key expects "Header-Name: value"');
    out.apiKey = { header, value };
  }
  if (flags.basic) {
    const [username, password] = splitOnce(flags.basic, ':', '--basic expects "user:password"');
    out.basic = { username, password };
  }
  if (flags.cookie) out.cookie = flags.cookie;
  if (flags.header?.length) {
    out.headers = Object.fromEntries(
      flags.header.map((h) => splitOnce(h, ':', `--header expects "Name: value", got "${h}"`)),
    );
  }
  if (flags.login) out.login = loginFromFlags(flags);
  return Object.keys(out).length ? out : undefined;
}

function loginFromFlags(flags: ScanFlags): LoginFlow {
  const match = /^(GET|POST|PUT|PATCH)\s+(\/\S*)$/i.exec(flags.login!.trim());
  if (!match) throw usageError('--login expects "METHOD /path", e.g. "POST /login"');
  const flow: LoginFlow = {
    method: match[1]!.toUpperCase() as LoginFlow['method'],
    path: match[2]!,
    extract: extractRule(flags.loginExtract ?? 'json:token'),
  };
  if (flags.loginJson) {
    try {
      flow.json = JSON.parse(flags.loginJson) as Record<string, unknown>;
    } catch {
      throw usageError('--login-json is not valid JSON');
    }
  }
  if (flags.loginForm) flow.form = Object.fromEntries(new URLSearchParams(flags.loginForm));
  if (flags.loginApply) flow.apply = placement(flags.loginApply);
  return flow;
}

function extractRule(raw: string): ExtractRule {
  const [from, name] = splitOnce(
    raw,
    ':',
    '--login-extract expects json:<path>, cookie:<name> or header:<name>',
  );
  if (from === 'json') return { from, path: name };
  if (from === 'cookie' || from === 'header') return { from, name };
  throw usageError('--login-extract expects json:<path>, cookie:<name> or header:<name>');
}

function placement(raw: string): Placement {
  const [where, rest] = splitOnce(
    raw,
    ':',
    '--login-apply expects header:<name>[:<scheme>], cookie:<name> or query:<name>',
  );
  if (where === 'header') {
    const [name, scheme] = rest.split(':');
    return scheme ? { in: 'header', name: name!, scheme } : { in: 'header', name: name! };
  }
  if (where === 'cookie' || where === 'query') return { in: where, name: rest };
  throw usageError('--login-apply expects header:<name>[:<scheme>], cookie:<name> or query:<name>');
}

function splitOnce(s: string, sep: string, message: string): [string, string] {
  const i = s.indexOf(sep);
  if (i <= 0) throw usageError(message);
  return [s.slice(0, i).trim(), s.slice(i + 1).trim()];
}

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw usageError(`${flag} expects a non-negative number, got "${v}"`);
  return n;
}

function int(v: string | undefined, flag: string): number | undefined {
  const n = num(v, flag);
  if (n !== undefined && !Number.isInteger(n)) throw usageError(`${flag} expects a whole number, got "${v}"`);
  return n;
}

function severity(v: string | undefined): Severity | undefined {
  if (v === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(v)) {
    throw usageError(`--fail-on expects one of ${SEVERITIES.join(', ')}, got "${v}"`);
  }
  return v as Severity;
}

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
