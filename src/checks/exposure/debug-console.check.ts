import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft, Severity } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import { catchAllAnswer } from '../shared/baseline.ts';

/** Known debug consoles and pages: where they live and the text that proves it is them. */
export const DEBUG_PAGES: ReadonlyArray<{ path: string; name: string; proof: RegExp; severity: Severity }> = [
  {
    path: '/console',
    name: 'Werkzeug interactive console',
    proof: /<h1>Interactive Console<\/h1>|Werkzeug powered traceback interpreter|console is locked/i,
    severity: 'critical',
  },
  {
    path: '/actuator/env',
    name: 'Spring Boot actuator environment',
    proof: /"activeProfiles"\s*:|"propertySources"\s*:/,
    severity: 'high',
  },
  {
    path: '/actuator/heapdump',
    name: 'Spring Boot heap dump',
    proof: /^JAVA PROFILE \d/,
    severity: 'critical',
  },
  { path: '/__debug__/', name: 'Django debug toolbar', proof: /djdt|Django Debug Toolbar/, severity: 'high' },
  { path: '/_profiler/', name: 'Symfony profiler', proof: /Symfony Profiler/, severity: 'high' },
  {
    path: '/telescope',
    name: 'Laravel Telescope',
    proof: /Laravel Telescope|telescope-app/i,
    severity: 'high',
  },
  {
    path: '/debug/pprof/',
    name: 'Go pprof',
    proof: /Types of profiles available|\/debug\/pprof\/goroutine/,
    severity: 'medium',
  },
];

/** Framework debug pages that appear on any error once debug mode is on. */
const DEBUG_ERROR_PAGES: ReadonlyArray<{ name: string; proof: RegExp }> = [
  {
    name: 'Werkzeug debugger traceback',
    proof: /Werkzeug powered traceback interpreter|The debugger caught an exception/,
  },
  {
    name: 'Django debug page',
    proof: /You(?:'|&#39;|&#x27;)re seeing this error because you have <code>DEBUG = True<\/code>/,
  },
  {
    name: 'Rails debug page',
    proof: /<title>Action Controller: Exception caught<\/title>|Routing Error[\s\S]{0,400}Rails\.root/,
  },
  { name: 'Laravel Ignition page', proof: /Ignition|Whoops! There was an error/ },
];

/**
 * Debug consoles reachable on the deployed API (the Werkzeug console runs arbitrary Python), or
 * framework debug pages shown on errors. Each is recognised by content that only that page has,
 * never by status alone, so catch-all servers do not trigger it.
 */
const check: Check = {
  meta: {
    id: 'debug-console',
    title: 'Debug console or debug pages exposed',
    category: 'data-exposure',
    severity: 'high',
    owasp: 'API8:2023',
    cwe: 'CWE-489',
    description:
      'The API runs with debugging enabled: an interactive debug console or framework debug pages are reachable, exposing source, configuration and often code execution.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/',
      'https://werkzeug.palletsprojects.com/en/stable/debug/',
      'https://cwe.mitre.org/data/definitions/489.html',
    ],
    compliance: [PCI.secureCoding, SOC2.monitoring],
  },
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    const missing = await catchAllAnswer(ctx);
    const control = missing.response?.body ?? '';
    const answers = await Promise.all(
      DEBUG_PAGES.map((page) =>
        ctx.http.send({ method: 'GET', url: page.path }, { label: `probe: ${page.name}` }),
      ),
    );
    for (const [i, page] of DEBUG_PAGES.entries()) {
      const exchange = answers[i]!;
      const body = exchange.response?.body ?? '';
      if (!page.proof.test(body) || page.proof.test(control)) continue;
      drafts.push(
        draft(page.path, page.name, page.severity, [missing, exchange], body.match(page.proof)![0]),
      );
    }
    for (const page of DEBUG_ERROR_PAGES) {
      const m = control.match(page.proof);
      if (!m) continue;
      drafts.push(draft('/{any-missing-path}', page.name, 'high', [missing], m[0]));
      break;
    }
    return drafts;
  },
};

function draft(
  path: string,
  name: string,
  severity: Severity,
  exchanges: Exchange[],
  proof: string,
): FindingDraft {
  return {
    endpoint: { method: 'GET', path },
    variant: name,
    severity,
    title: `${name} exposed`,
    evidence: {
      summary: `GET ${path} returned the ${name} (it contains "${proof.slice(0, 80)}"), which a path that cannot exist does not.`,
      exchanges,
    },
  };
}

export default check;
