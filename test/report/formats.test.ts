import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { outputPaths, parseFormats } from '../../src/cli/output.ts';
import { ApiwardError } from '../../src/core/errors.ts';
import type { Finding, HttpMethod } from '../../src/core/types.ts';
import { renderJunit } from '../../src/report/format/junit.ts';
import { MARKDOWN_MARKER, renderMarkdown } from '../../src/report/format/markdown.ts';
import { toSarif } from '../../src/report/format/sarif.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { assertValidReport } from '../helpers/report.ts';
import { demoReport, SAMPLE_MATRIX } from './fixture.ts';
import { assertValidSarif } from './sarif-validate.ts';

let report: ScanReport;
before(async () => {
  report = await demoReport();
  assertValidReport(report);
  assert.ok(report.findings.length >= 3, 'the demo API has findings of several checks');
});

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } };
    logicalLocations: Array<{ name: string; fullyQualifiedName: string }>;
  }>;
  partialFingerprints: Record<string, string>;
}
interface SarifRun {
  tool: {
    driver: { rules: Array<{ id: string; properties: { tags: string[]; 'security-severity': string } }> };
  };
  originalUriBaseIds: { TARGET: { uri: string } };
  results: SarifResult[];
}

describe('SARIF', () => {
  it('matches the official SARIF 2.1.0 schema, one rule per check with CWE/OWASP tags', () => {
    const log = toSarif(report);
    assertValidSarif(log);
    const run = (log.runs as SarifRun[])[0]!;
    const checks = [...new Set(report.findings.map((f) => f.check))].sort();
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      checks,
    );
    for (const rule of run.tool.driver.rules) {
      const finding = report.findings.find((f) => f.check === rule.id)!;
      assert.ok(rule.properties.tags.includes(finding.cwe), `${rule.id} tagged with ${finding.cwe}`);
      assert.ok(rule.properties.tags.includes(`OWASP-${finding.owasp}`));
      assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    }
  });

  it('gives each result a level from its severity and the endpoint as its location', () => {
    const run = (toSarif(report).runs as SarifRun[])[0]!;
    assert.equal(run.results.length, report.findings.length);
    const expected = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
    report.findings.forEach((f, i) => {
      const r = run.results[i]!;
      assert.equal(r.ruleId, f.check);
      assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, f.check);
      assert.equal(r.level, expected[f.severity]);
      assert.equal(r.partialFingerprints['apiwardFindingId/v1'], f.id);
      const loc = r.locations[0]!;
      assert.equal(loc.logicalLocations[0]!.name, `${f.endpoint.method} ${f.endpoint.path}`);
      // GitHub code scanning rejects results without a non-empty artifact URI.
      assert.ok(loc.physicalLocation.artifactLocation.uri.length > 0);
      const resolved = new URL(loc.physicalLocation.artifactLocation.uri, run.originalUriBaseIds.TARGET.uri);
      assert.equal(decodeURI(resolved.pathname), f.endpoint.path);
    });
  });

  it('stays valid for a clean scan and for any text in findings (property)', () => {
    assertValidSarif(toSarif({ ...report, findings: [] }));
    fc.assert(
      fc.property(findingsArb(), (findings) => {
        assertValidSarif(toSarif({ ...report, findings }));
      }),
      { numRuns: 40 },
    );
  });
});

describe('JUnit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => n === 'testsuite' || n === 'testcase',
  });
  const parse = (xml: string) => {
    assert.equal(XMLValidator.validate(xml), true, 'JUnit XML is well-formed');
    // XML 1.0 forbids these characters even as references; the validator above does not check them.
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    return parser.parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: Array<{
          name: string;
          testcase: Array<{ name: string; failure?: unknown; 'system-out'?: string }>;
        }>;
      };
    };
  };

  it('has one test case per check × endpoint and fails those at or above --fail-on', () => {
    const doc = parse(renderJunit(report, { failOn: 'high' }));
    const pairs = new Set(report.findings.map((f) => `${f.check}|${f.endpoint.method} ${f.endpoint.path}`));
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase.map((c) => ({ suite: s.name, ...c })));
    for (const pair of pairs) {
      const [check, endpoint] = pair.split('|');
      assert.ok(
        cases.some((c) => c.suite === `apiward.${check}` && c.name === endpoint),
        `a test case for ${pair}`,
      );
    }
    const failing = cases.filter((c) => c.failure !== undefined);
    const expected = new Set(
      report.findings
        .filter((f) => f.severity === 'high' || f.severity === 'critical')
        .map((f) => `apiward.${f.check}|${f.endpoint.method} ${f.endpoint.path}`),
    );
    assert.deepEqual(new Set(failing.map((c) => `${c.suite}|${c.name}`)), expected);
    assert.equal(Number(doc.testsuites.failures), expected.size);
    // Below the threshold the finding stays visible without failing the case.
    assert.ok(
      cases.some(
        (c) => c.failure === undefined && String(c['system-out'] ?? '').includes('Below the fail-on'),
      ),
    );
  });

  it('fails more cases with a lower --fail-on', () => {
    const high = Number(parse(renderJunit(report, { failOn: 'high' })).testsuites.failures);
    const low = Number(parse(renderJunit(report, { failOn: 'low' })).testsuites.failures);
    assert.ok(low > high, `low (${low}) > high (${high})`);
  });

  it('stays well-formed XML for any text in findings (property)', () => {
    fc.assert(
      fc.property(findingsArb(), (findings) => {
        parse(renderJunit({ ...report, findings }, { failOn: 'info' }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('Markdown', () => {
  it('shows grade, gate, categories and every finding with its fix', () => {
    const md = renderMarkdown(report, { threshold: 90, failOn: 'high' });
    assert.ok(md.startsWith(MARKDOWN_MARKER));
    assert.match(md, new RegExp(`## apiward: grade ${report.grade} \\(${report.score}/100\\)`));
    assert.match(md, /\*\*Gate: ❌ FAIL\*\* — score \d+ is below the threshold 90/);
    for (const c of report.categories) assert.match(md, new RegExp(`\\| ${c.category} \\| ${c.score} \\|`));
    for (const f of report.findings) {
      assert.ok(md.includes(`| \`${f.endpoint.method} ${f.endpoint.path}\` |`));
      assert.ok(md.includes(f.remediation.summary));
    }
    assert.match(renderMarkdown(report, { threshold: 0 }), /\*\*Gate: ✅ PASS\*\*/);
    assert.doesNotMatch(renderMarkdown(report), /Gate:/);
  });

  it('folds the authorization matrix in, with leaks in bold', () => {
    const md = renderMarkdown({ ...report, sections: { authorizationMatrix: SAMPLE_MATRIX } });
    assert.match(md, /<summary>Authorization matrix<\/summary>/);
    assert.ok(md.includes('| `GET /api/users/1` | alice | owner 200 | **❗ same-data 200** | denied 401 |'));
    assert.doesNotMatch(renderMarkdown(report), /Authorization matrix/);
  });

  it('keeps evidence with backticks and pipes from breaking fences or tables', () => {
    const f = report.findings[0]!;
    const tricky: Finding = {
      ...f,
      title: 'a | b',
      evidence: { ...f.evidence, curl: ["curl -H 'x: ```' http://127.0.0.1/ | tee"] },
    };
    const md = renderMarkdown({ ...report, findings: [tricky] });
    assert.ok(md.includes('| a \\| b |'));
    assert.ok(md.includes("````sh\ncurl -H 'x: ```' http://127.0.0.1/ | tee\n````"));
  });
});

describe('--format with several formats', () => {
  it('parses a comma list, rejects unknown names with the list of valid ones', () => {
    assert.deepEqual(parseFormats('sarif, junit,html,sarif'), ['sarif', 'junit', 'html']);
    assert.throws(
      () => parseFormats('sarif,xml'),
      (e: unknown) => e instanceof ApiwardError && /"xml"/.test(e.message) && /sarif/.test(e.message),
    );
  });

  it('gives one file per format from --output or --output-dir, and refuses stdout for several', () => {
    assert.equal(outputPaths(['json'], {}), undefined);
    assert.deepEqual([...outputPaths(['json'], { output: 'r.json' })!], [['json', 'r.json']]);
    assert.deepEqual(
      [...outputPaths(['sarif', 'junit', 'html'], { output: 'out/report.html' })!.values()],
      ['out/report.sarif', 'out/report.junit.xml', 'out/report.html'],
    );
    assert.deepEqual(
      [...outputPaths(['markdown', 'pdf'], { outputDir: 'reports' })!.values()],
      ['reports/apiward-report.md', 'reports/apiward-report.pdf'],
    );
    assert.throws(() => outputPaths(['sarif', 'html'], {}), /--output-dir/);
  });
});

function findingsArb(): fc.Arbitrary<Finding[]> {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const method = fc.constantFrom<HttpMethod>('GET', 'POST', 'DELETE');
  const path = fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[a-z0-9_{}.-]{1,8}$/),
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.constantFrom('\ud800', '%zz', '?q=1#x', 'a b'),
      ),
      {
        maxLength: 3,
      },
    )
    .map((parts) => `/${parts.join('/')}`);
  return fc.array(
    fc
      .record({ title: text, summary: text, detail: text, path, method, curl: text, idx: fc.nat() })
      .map((r) => {
        const base = report.findings[r.idx % report.findings.length]!;
        return {
          ...base,
          id: `${base.id}${r.idx}`,
          title: r.title,
          detail: r.detail,
          endpoint: { method: r.method, path: r.path },
          evidence: { ...base.evidence, summary: r.summary, curl: [r.curl] },
        };
      }),
    { maxLength: 4 },
  );
}
