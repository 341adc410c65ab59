import { type Finding, SEVERITIES, type Severity } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';

/**
 * SARIF 2.1.0 for GitHub code scanning. A black-box scan has no source file, so each result's
 * location is the endpoint: a logical location ("GET /users/{id}") and an artifact URI relative to
 * the TARGET base (the scanned URL, given in originalUriBaseIds). partialFingerprints carry the
 * finding id, which is stable across scans, so alerts are matched between runs.
 */

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's scale: >= 9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: string; 'security-severity': string };
}

export function renderSarif(report: ScanReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}

/** Pure: the SARIF log object for a report. */
export function toSarif(report: ScanReport): Record<string, unknown> {
  const rules = rulesOf(report.findings);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const notifications = [
    ...report.warnings.map((w) => ({ level: 'warning', message: { text: w } })),
    ...report.checkErrors.map((e) => ({
      level: 'error',
      message: { text: `check ${e.check} did not finish: ${e.message}` },
      descriptor: { id: e.check },
    })),
  ];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'apiward',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/apiward/apiward',
            rules,
          },
        },
        automationDetails: { id: `apiward/${hostOf(report.target.url)}/` },
        originalUriBaseIds: { TARGET: { uri: withSlash(report.target.url) } },
        invocations: [
          {
            executionSuccessful: report.complete && report.checkErrors.length === 0,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: report.findings.map((f) => result(f, ruleIndex.get(f.check) ?? 0, report.target.url)),
        properties: {
          score: report.score,
          grade: report.grade,
          checksRun: report.checksRun,
          categories: report.categories,
        },
      },
    ],
  };
}

function rulesOf(findings: readonly Finding[]): SarifRule[] {
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  return [...byCheck.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([check, mine]) => {
      const first = mine[0]!;
      const worst = SEVERITIES.find((s) => mine.some((f) => f.severity === s)) ?? first.severity;
      const rule: SarifRule = {
        id: check,
        name: pascal(check),
        shortDescription: { text: first.title },
        fullDescription: { text: first.description },
        help: { text: helpText(first), markdown: helpMarkdown(first) },
        defaultConfiguration: { level: LEVEL[worst] },
        properties: {
          tags: [
            'security',
            'api',
            first.category,
            first.cwe,
            `external/cwe/${first.cwe.toLowerCase()}`,
            `OWASP-${first.owasp}`,
            `external/owasp/${first.owasp.toLowerCase()}`,
          ],
          precision: mine.every((f) => f.confidence === 'confirmed') ? 'very-high' : 'high',
          'security-severity': SECURITY_SEVERITY[worst],
        },
      };
      if (first.references[0]) rule.helpUri = first.references[0];
      return rule;
    });
}

function result(f: Finding, ruleIndex: number, target: string): Record<string, unknown> {
  const endpoint = `${f.endpoint.method} ${f.endpoint.path}`;
  const curl = f.evidence.curl?.[f.evidence.curl.length - 1];
  return {
    ruleId: f.check,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.title} on ${endpoint}: ${f.evidence.summary}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(f.endpoint.path), uriBaseId: 'TARGET' },
        },
        logicalLocations: [
          {
            name: endpoint,
            fullyQualifiedName: `${f.endpoint.method} ${new URL(relativeUri(f.endpoint.path), withSlash(target)).href}`,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: { 'apiwardFindingId/v1': f.id },
    properties: {
      findingId: f.id,
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      owasp: f.owasp,
      cwe: f.cwe,
      ...(curl ? { reproduce: curl } : {}),
    },
  };
}

function helpText(f: Finding): string {
  const steps = f.remediation.steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
  return [
    f.description,
    '',
    `Fix (${f.remediation.variant}): ${f.remediation.summary}`,
    steps,
    '',
    ...f.references,
  ]
    .join('\n')
    .trim();
}

function helpMarkdown(f: Finding): string {
  const out = [
    f.description,
    '',
    `**Fix (${f.remediation.variant}):** ${f.remediation.summary}`,
    '',
    ...f.remediation.steps.map((s, i) => `${i + 1}. ${s}`),
  ];
  if (f.remediation.code) {
    out.push('', `\`\`\`${f.remediation.code.language}`, f.remediation.code.source.trimEnd(), '```');
  }
  if (f.references.length) out.push('', '**References**', '', ...f.references.map((r) => `- ${r}`));
  out.push('', `${f.owasp} · ${f.cwe}`);
  return out.join('\n');
}

/** "/users/{id}" → "users/%7Bid%7D": a URI reference resolved against the TARGET base. */
function relativeUri(path: string): string {
  // encodeURI throws on a lone surrogate; a path read from a spec may contain one.
  const trimmed = path.replace(/^\/+/, '').replace(LONE_SURROGATE, '\ufffd');
  return trimmed === '' ? './' : encodeURI(trimmed).replace(/\?/g, '%3F').replace(/#/g, '%23');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'target';
  }
}

function pascal(id: string): string {
  return id
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
