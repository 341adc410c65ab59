import { anonymousIdentity, configSecrets, Identity, identityFromConfig } from '../auth/identity.ts';
import { LoginError, performLogin } from '../auth/login.ts';
import { loadChecks, selectChecks } from '../checks/registry.ts';
import type { ScanConfig } from '../config/types.ts';
import { ApiwardError, abortedError, unreachableError, usageError } from '../core/errors.ts';
import type { CheckError, Exchange, Finding, FindingDraft } from '../core/types.ts';
import { FingerprintCollector } from '../fingerprint/index.ts';
import { Budget, BudgetExhaustedError, RateLimiter } from '../http/limits.ts';
import { Transport } from '../http/transport.ts';
import { buildInventory } from '../inventory/build.ts';
import { compareFindings, completeFinding } from '../report/finding.ts';
import { Redactor } from '../report/redact.ts';
import { scoreFindings } from '../report/score.ts';
import { REPORT_VERSION, type ScanReport } from '../report/types.ts';
import { VERSION } from '../version.ts';
import type { Check, CheckContext, Target } from './context.ts';
import { EngineHttp, OutOfScopeError, UnsafeMethodError } from './http.ts';
import { secretForms } from './secret-forms.ts';
import { SessionGuard } from './session-guard.ts';

export interface ScanOptions {
  target: string;
  config: ScanConfig;
  /** Directory for resolving a relative spec file path. */
  cwd?: string;
  onProgress?(event: { check?: string; message: string; requests: number }): void;
  /** Overrides the registry (tests). */
  checks?: Check[];
}

export const DEFAULTS = {
  rate: 150,
  concurrency: 10,
  timeoutSec: 10,
  maxRequests: 2_000,
  deadlineSec: 300,
  maxBodyBytes: 4 * 1024 * 1024,
};

export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`invalid target URL "${raw}": expected e.g. http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`invalid target URL "${raw}": only http:// and https:// are supported`);
  }
  if (url.username || url.password) throw usageError('put credentials in the config, not in the target URL');
  url.hash = '';
  url.search = '';
  return url;
}

/** Runs one scan end to end and returns the redacted report. Throws ApiwardError for user-facing failures. */
export async function runScan(options: ScanOptions): Promise<ScanReport> {
  const config = options.config;
  const baseUrl = parseTarget(options.target);
  const startedAt = new Date();
  const deadlineMs = (config.deadline ?? DEFAULTS.deadlineSec) * 1000;
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(new Error('deadline')), deadlineMs);
  const target: Target = { baseUrl, origins: new Set([baseUrl.origin]) };
  const redactor = new Redactor();
  const transport = new Transport({
    timeoutMs: (config.timeout ?? DEFAULTS.timeoutSec) * 1000,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    connections: config.concurrency ?? DEFAULTS.concurrency,
  });
  const fingerprint = new FingerprintCollector();
  const budget = new Budget(config.maxRequests ?? DEFAULTS.maxRequests);
  const anonymous = anonymousIdentity();
  const warnings: string[] = [];
  const sections: Record<string, unknown> = {};
  const progress = (message: string, check?: string) =>
    options.onProgress?.({ message, requests: budget.used, ...(check ? { check } : {}) });

  const guard: SessionGuard = new SessionGuard({
    login: (identity): Promise<Exchange> => performLogin(identity, (req) => http.sendLogin(req, identity)),
    probe: (identity, url): Promise<Exchange> =>
      http.sendProbe(url, identity, `liveness probe for ${identity.name}`),
    probeAnonymous: (url): Promise<Exchange> =>
      http.send({ method: 'GET', url }, { label: 'liveness probe: does this URL refuse anonymous callers?' }),
    onSecret: (s) => addSecret(redactor, s),
    abort: (reason) => abort.abort(new SessionLostError(reason)),
  });
  const http: EngineHttp = new EngineHttp({
    transport,
    target,
    budget,
    rate: new RateLimiter(config.rate ?? DEFAULTS.rate),
    concurrency: config.concurrency ?? DEFAULTS.concurrency,
    redactor,
    active: config.active === true,
    signal: abort.signal,
    anonymous,
    onUnauthorized: (identity, exchange): Promise<boolean> => guard.onUnauthorized(identity, exchange),
    onExchange: (exchange: Exchange) => fingerprint.observe(exchange),
    onGenuine: (identity, exchange) => guard.noteGenuine(identity, exchange),
  });

  try {
    progress('checking the target answers');
    const first = await http.send({ method: 'GET', url: baseUrl.toString() }, { label: 'reachability' });
    if (!first.response) throw unreachableError(`target ${baseUrl.origin} is unreachable: ${first.error}`);

    const identities = await loginAll(config, http, redactor, progress);
    progress('building the endpoint inventory');
    const inventory = await buildInventory({
      config,
      baseUrl,
      http,
      identities,
      cwd: options.cwd ?? process.cwd(),
    });
    warnings.push(...inventory.warnings);

    const all = options.checks ?? (await loadChecks());
    const selected = selectChecks(all, {
      active: config.active === true,
      ...(config.checks?.include ? { include: config.checks.include } : {}),
      ...(config.checks?.exclude ? { exclude: config.checks.exclude } : {}),
    });
    const memo = new Map<string, Promise<unknown>>();
    const context = (check: Check): CheckContext => ({
      target,
      inventory,
      identities,
      anonymous,
      settings: {
        active: config.active === true,
        wordlists: config.wordlists ?? [],
        jwtKeys: config.jwtKeys ?? [],
      },
      http,
      get fingerprint() {
        return fingerprint.result();
      },
      memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
        let p = memo.get(key) as Promise<T> | undefined;
        if (!p) {
          p = compute();
          memo.set(key, p);
        }
        return p;
      },
      progress: (message) => progress(message, check.meta.id),
      section: (name, value) => {
        sections[name] = value;
      },
      signal: abort.signal,
    });

    const checkErrors: CheckError[] = [];
    const drafts: Array<{ check: Check; draft: FindingDraft }> = [];
    await Promise.all(
      selected.map(async (check) => {
        const ctx = context(check);
        if (check.applies && !check.applies(ctx)) return;
        progress('running', check.meta.id);
        try {
          for (const draft of await check.run(ctx)) drafts.push({ check, draft });
        } catch (error) {
          checkErrors.push({ check: check.meta.id, message: describeCheckError(error, abort.signal) });
        }
      }),
    );
    if (abort.signal.reason instanceof SessionLostError) throw abortedError(abort.signal.reason.message);
    const refused = guard.neverAccepted();
    if (refused.length > 0) {
      throw usageError(
        `the API refused the credentials of ${refused.map((n) => `"${n}"`).join(', ')} on every request (401); check the token or login`,
      );
    }

    const stack = fingerprint.result();
    const byId = new Map<string, Finding>();
    for (const { check, draft } of drafts) {
      const finding = completeFinding(check, draft, stack);
      if (!byId.has(finding.id)) byId.set(finding.id, finding);
    }
    const findings = [...byId.values()].sort(compareFindings);
    const score = scoreFindings(findings);
    const complete = !abort.signal.aborted && !budget.exhausted;
    if (abort.signal.aborted)
      warnings.push(`scan deadline of ${deadlineMs / 1000} s reached; results are partial`);
    if (budget.exhausted) warnings.push(`request budget of ${budget.limit} exhausted; results are partial`);
    if (identities.length === 0) {
      warnings.push('no identities configured: authentication and authorization checks ran anonymously only');
    } else if (identities.length === 1) {
      warnings.push(
        'one identity configured: add a second one to test cross-user access (BOLA, token substitution)',
      );
    }
    const finishedAt = new Date();
    const report: ScanReport = {
      reportVersion: REPORT_VERSION,
      tool: { name: 'apiward', version: VERSION },
      target: {
        url: baseUrl.toString(),
        ...(inventory.specSource ? { spec: inventory.specSource } : {}),
        ...(inventory.specVersion ? { specVersion: inventory.specVersion } : {}),
        endpoints: inventory.endpoints.length,
      },
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      requestsSent: budget.used,
      complete,
      warnings: [...new Set(warnings)],
      identities: identities.map((i) => ({
        name: i.name,
        ...(i.role ? { role: i.role } : {}),
        authenticated: true,
      })),
      fingerprint: stack,
      score: score.score,
      grade: score.grade,
      categories: score.categories,
      checksRun: selected.map((c) => c.meta.id),
      findings,
      checkErrors: checkErrors.sort((a, b) => a.check.localeCompare(b.check)),
      ...(Object.keys(sections).length ? { sections } : {}),
    };
    return redactor.redactValue(report);
  } catch (error) {
    if (abort.signal.reason instanceof SessionLostError) throw abortedError(abort.signal.reason.message);
    if (error instanceof ApiwardError) throw error;
    if (error instanceof BudgetExhaustedError)
      throw usageError(`${error.message} before the scan could start`);
    throw error;
  } finally {
    clearTimeout(deadline);
    await transport.close();
  }
}

class SessionLostError extends Error {
  constructor(reason: string) {
    super(`scan aborted: ${reason}`);
    this.name = 'SessionLostError';
  }
}

async function loginAll(
  config: ScanConfig,
  http: EngineHttp,
  redactor: Redactor,
  progress: (m: string) => void,
): Promise<Identity[]> {
  const identities: Identity[] = [];
  for (const [name, identityConfig] of Object.entries(config.identities ?? {})) {
    for (const secret of configSecrets(identityConfig)) addSecret(redactor, secret);
    const identity = identityFromConfig(name, identityConfig);
    for (const secret of identity.secrets()) addSecret(redactor, secret);
    if (identity.login) {
      progress(`logging in as ${name}`);
      try {
        await performLogin(identity, (req) => http.sendLogin(req, identity));
      } catch (error) {
        if (error instanceof LoginError) throw usageError(error.message);
        throw error;
      }
      for (const secret of identity.secrets()) addSecret(redactor, secret);
    }
    identities.push(identity);
  }
  return identities;
}

function addSecret(redactor: Redactor, secret: string): void {
  for (const form of secretForms(secret)) redactor.add(form);
}

function describeCheckError(error: unknown, signal: AbortSignal): string {
  if (error instanceof BudgetExhaustedError) return error.message;
  if (error instanceof OutOfScopeError || error instanceof UnsafeMethodError) return error.message;
  if (signal.aborted) return 'stopped at the scan deadline';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'failed';
}

export { Identity };
