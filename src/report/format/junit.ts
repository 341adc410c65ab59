import type { Finding, Severity } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';
import type { RenderOptions } from './index.ts';
import { atOrAbove, endpointLabel, escapeXml } from './text.ts';

/** Without --fail-on, every finding but an informational one is a failure. */
export const JUNIT_DEFAULT_FAIL_ON: Severity = 'low';

interface TestCase {
  name: string;
  failures: Finding[];
  passedFindings: Finding[];
  error?: string;
}

/**
 * JUnit XML: one test suite per check, one test case per endpoint the check reported on. A finding
 * at or above the fail-on severity is a <failure>; one below it keeps the case green and is listed
 * in <system-out>. A check without findings is one passing case; a check that crashed is an <error>.
 */
export function renderJunit(report: ScanReport, options: RenderOptions = {}): string {
  const failOn = options.failOn ?? JUNIT_DEFAULT_FAIL_ON;
  const checks = [...new Set([...report.checksRun, ...report.findings.map((f) => f.check)])].sort();
  const suites = checks.map((check) => suiteFor(report, check, failOn));
  const total = suites.reduce(
    (acc, s) => ({
      tests: acc.tests + s.cases.length,
      failures: acc.failures + s.cases.filter((c) => c.failures.length).length,
      errors: acc.errors + s.cases.filter((c) => c.error).length,
    }),
    { tests: 0, failures: 0, errors: 0 },
  );
  const seconds = (report.durationMs / 1000).toFixed(3);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="apiward ${attr(report.target.url)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="${seconds}">`,
  ];
  for (const suite of suites) {
    const failures = suite.cases.filter((c) => c.failures.length).length;
    const errors = suite.cases.filter((c) => c.error).length;
    out.push(
      `  <testsuite name="apiward.${attr(suite.check)}" tests="${suite.cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="0" timestamp="${attr(report.startedAt.replace(/Z$/, ''))}">`,
      '    <properties>',
      `      <property name="target" value="${attr(report.target.url)}"/>`,
      `      <property name="score" value="${report.score}"/>`,
      `      <property name="grade" value="${report.grade}"/>`,
      `      <property name="failOn" value="${failOn}"/>`,
      '    </properties>',
    );
    for (const c of suite.cases) out.push(...testCase(suite.check, c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function suiteFor(report: ScanReport, check: string, failOn: Severity): { check: string; cases: TestCase[] } {
  const mine = report.findings.filter((f) => f.check === check);
  const byEndpoint = new Map<string, Finding[]>();
  for (const f of mine) {
    const key = endpointLabel(f.endpoint);
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), f]);
  }
  const cases: TestCase[] = [...byEndpoint.entries()].map(([name, findings]) => ({
    name,
    failures: findings.filter((f) => atOrAbove(f.severity, failOn)),
    passedFindings: findings.filter((f) => !atOrAbove(f.severity, failOn)),
  }));
  for (const e of report.checkErrors.filter((e) => e.check === check)) {
    cases.push({ name: 'check run', failures: [], passedFindings: [], error: e.message });
  }
  if (cases.length === 0) {
    cases.push({ name: `all ${report.target.endpoints} endpoint(s)`, failures: [], passedFindings: [] });
  }
  return { check, cases };
}

function testCase(check: string, c: TestCase): string[] {
  const open = `    <testcase classname="apiward.${attr(check)}" name="${attr(c.name)}" time="0"`;
  const body: string[] = [];
  if (c.failures.length) {
    const first = c.failures[0]!;
    const message =
      c.failures.length === 1 ? first.title : `${c.failures.length} findings: ${first.title}, …`;
    body.push(
      `      <failure message="${attr(message)}" type="${first.severity}">${escapeXml(c.failures.map(describe).join('\n\n'))}</failure>`,
    );
  }
  if (c.error) {
    body.push(`      <error message="${attr(c.error)}" type="check-error">${escapeXml(c.error)}</error>`);
  }
  if (c.passedFindings.length) {
    body.push(
      `      <system-out>${escapeXml(`Below the fail-on severity:\n\n${c.passedFindings.map(describe).join('\n\n')}`)}</system-out>`,
    );
  }
  return body.length ? [`${open}>`, ...body, '    </testcase>'] : [`${open}/>`];
}

function describe(f: Finding): string {
  const curl = f.evidence.curl?.[f.evidence.curl.length - 1];
  return [
    `[${f.severity.toUpperCase()}] ${f.title} (${f.id}, ${f.confidence})`,
    `${f.owasp} · ${f.cwe}`,
    f.evidence.summary,
    ...(curl ? [`reproduce: ${curl}`] : []),
    `fix (${f.remediation.variant}): ${f.remediation.summary}`,
  ].join('\n');
}

function attr(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#10;');
}
