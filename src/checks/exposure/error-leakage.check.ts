import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft, HttpMethod, RequestSpec, Severity } from '../../core/types.ts';
import type { Check, CheckContext, IdentityView } from '../../engine/context.ts';
import { concretePath } from '../../inventory/materialize.ts';
import type { Endpoint, Param } from '../../inventory/types.ts';
import { registerCandidates } from '../login/duplicate-registration.check.ts';
import { type LoginTemplate, loginSpec, loginTemplates, maySend } from '../login/flow.ts';
import { authBaselines } from '../shared/baseline.ts';
import { findLeaks, type Leak, worst } from './leaks.ts';

const MAX_ENDPOINTS = 25;
const MAX_PARAMS = 2;

/** Malformed values that make handlers fail: over DynamoDB's 2048-byte key limit, quotes, empty. */
export const PROBES: ReadonlyArray<{ name: string; value: string; query?: boolean }> = [
  { name: 'over-long value (2100 characters)', value: 'a'.repeat(2100) },
  { name: 'quotes', value: `apiward'"` },
  { name: 'empty value', value: '', query: true },
];

/** Request bodies also get a value of the wrong type (a number where a string key is expected). */
const TYPE_PROBE = { name: 'a number instead of text', value: 12345 } as const;

const SEVERITY: Record<Leak['kind'], Severity> = {
  debugger: 'high',
  sql: 'medium',
  sqlstate: 'medium',
  dynamodb: 'medium',
  mongodb: 'medium',
  'stack-trace': 'medium',
  exception: 'low',
};

/**
 * Error answers that hand internals to the client: stack traces, DynamoDB ClientError text, SQL
 * errors and statements, SQLSTATE messages, exception text from handlers that return str(e).
 * Read-only GETs with malformed parameter values (plus the login body with --active); a leak counts
 * only when the same request with a normal value does not show it.
 */
const check: Check = {
  meta: {
    id: 'error-leakage',
    title: 'Error responses leak internal details',
    category: 'data-exposure',
    severity: 'medium',
    owasp: 'API8:2023',
    cwe: 'CWE-209',
    description:
      'Malformed input makes the API return internal error details — stack traces, database error messages or query text — that map its internals for an attacker.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/',
      'https://cwe.mitre.org/data/definitions/209.html',
    ],
    compliance: [PCI.errorHandling, SOC2.monitoring],
  },
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    const baselines = await authBaselines(ctx);
    const endpoints = ctx.inventory.endpoints
      .filter((e) => e.method === 'GET' && probeable(e).length > 0)
      .slice(0, MAX_ENDPOINTS);
    await Promise.all(
      endpoints.map(async (endpoint) => {
        const b = baselines.find((x) => x.endpoint === endpoint);
        const identity =
          b?.owner ?? ctx.identities.find((i) => concretePath(endpoint, i.markers) !== undefined);
        const draft = await probeEndpoint(ctx, endpoint, identity, b?.genuine ?? b?.anonymous);
        if (draft) drafts.push(draft);
      }),
    );
    drafts.push(...(await probeLogin(ctx)));
    return drafts;
  },
};

function probeable(endpoint: Endpoint): Param[] {
  return endpoint.params.filter((p) => p.in === 'path' || p.in === 'query').slice(0, MAX_PARAMS);
}

function withValue(
  endpoint: Endpoint,
  param: Param,
  value: string,
  markers: ReadonlyMap<string, string>,
): string | undefined {
  if (param.in === 'path') {
    const template = endpoint.path.replace(`{${param.name}}`, encodeURIComponent(value) || '%20');
    return concretePath({ ...endpoint, path: template }, markers);
  }
  const base = concretePath(endpoint, markers);
  if (base === undefined) return undefined;
  const url = new URL(base, 'http://x');
  url.searchParams.set(param.name, value);
  return `${url.pathname}${url.search}`;
}

async function probeEndpoint(
  ctx: CheckContext,
  endpoint: Endpoint,
  identity: IdentityView | undefined,
  known: Exchange | undefined,
): Promise<FindingDraft | undefined> {
  const markers = identity?.markers ?? new Map<string, string>();
  const path = concretePath(endpoint, markers);
  if (path === undefined) return undefined;
  const send = (url: string, label: string) =>
    ctx.http.send({ method: 'GET', url }, identity ? { identity, label } : { label });
  const baseline = known ?? (await send(path, 'baseline with a normal value'));
  const before = new Set(findLeaks(baseline.response?.body ?? '').map((l) => l.kind));
  for (const param of probeable(endpoint)) {
    for (const probe of PROBES) {
      if (probe.query && param.in !== 'query') continue;
      const url = withValue(endpoint, param, probe.value, markers);
      if (url === undefined) continue;
      const attack = await send(url, `attack: ${param.name} = ${probe.name}`);
      const leak = worst(findLeaks(attack.response?.body ?? '').filter((l) => !before.has(l.kind)));
      if (!leak) continue;
      return draftFor(
        { method: 'GET', path: endpoint.path },
        leak,
        baseline,
        attack,
        `${param.name} = ${probe.name}`,
      );
    }
  }
  return undefined;
}

/** With --active: the login body, and the registration body (seed 002 returns str(e) there). */
async function probeLogin(ctx: CheckContext): Promise<FindingDraft[]> {
  const t = loginTemplates(ctx).find((x) => maySend(ctx, x.method));
  if (!t) return [];
  const targets: Array<{ method: HttpMethod; url: string }> = [{ method: t.method, url: t.url }];
  if (ctx.settings.active)
    targets.push(...registerCandidates(ctx, t).map((c) => ({ method: c.method, url: c.path })));
  const drafts: FindingDraft[] = [];
  for (const target of targets) {
    const baseline = target.url === t.url ? t.genuine : undefined;
    const before = new Set(findLeaks(baseline?.response?.body ?? '').map((l) => l.kind));
    const probes = [...PROBES.filter((p) => !p.query), ...(t.encoding === 'json' ? [TYPE_PROBE] : [])];
    for (const probe of probes) {
      const spec: RequestSpec = { ...bodyProbe(t, probe.value), ...target };
      const attack = await ctx.http.send(spec, {
        label: `attack: ${target.method} ${new URL(target.url, ctx.target.baseUrl).pathname} with ${t.userField} = ${probe.name}`,
      });
      const status = attack.response?.status ?? 0;
      if (status === 404 || status === 405) break;
      const leak = worst(findLeaks(attack.response?.body ?? '').filter((l) => !before.has(l.kind)));
      if (leak) {
        const path = new URL(target.url, ctx.target.baseUrl).pathname;
        drafts.push(
          draftFor({ method: target.method, path }, leak, baseline, attack, `${t.userField} = ${probe.name}`),
        );
        break;
      }
    }
  }
  return drafts;
}

function bodyProbe(t: LoginTemplate, value: string | number): RequestSpec {
  const spec = loginSpec(t, { password: 'Apiward-probe-1' });
  if (t.encoding !== 'json') return loginSpec(t, { username: String(value), password: 'Apiward-probe-1' });
  return { ...spec, body: JSON.stringify({ ...JSON.parse(spec.body ?? '{}'), [t.userField]: value }) };
}

function draftFor(
  endpoint: FindingDraft['endpoint'],
  leak: Leak,
  baseline: Exchange | undefined,
  attack: Exchange,
  input: string,
): FindingDraft {
  const status = attack.response?.status ?? 0;
  return {
    endpoint,
    variant: leak.kind,
    severity: SEVERITY[leak.kind],
    title: `Error response leaks ${describe(leak)}`,
    evidence: {
      summary: `With ${input}, the API answered ${status} with ${describe(leak)}: "${leak.excerpt.slice(0, 160)}"; the normal request does not show it.`,
      exchanges: baseline ? [baseline, attack] : [attack],
      facts: { leaked: leak.excerpt, ...(leak.datastore ? { datastore: leak.datastore } : {}) },
    },
  };
}

function describe(leak: Leak): string {
  switch (leak.kind) {
    case 'debugger':
      return 'a framework debug page';
    case 'dynamodb':
      return 'DynamoDB error text';
    case 'sql':
      return 'a database error';
    case 'sqlstate':
      return 'an SQLSTATE error message';
    case 'mongodb':
      return 'a MongoDB error';
    case 'stack-trace':
      return 'a stack trace';
    case 'exception':
      return 'exception text (str(e))';
  }
}

export default check;
