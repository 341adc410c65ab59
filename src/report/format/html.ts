import type { Exchange, Finding, Severity } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';
import { renderCategoryChart } from './html-chart.ts';
import { renderMatrix } from './html-matrix.ts';
import type { RenderOptions } from './index.ts';
import { endpointLabel, escapeXml as esc, gateVerdict, severityCounts } from './text.ts';

/** Bodies shown in the HTML report are cut here; the JSON report keeps the full excerpt. */
const BODY_CHARS = 1500;

const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '#7b1fa2',
  high: '#c62828',
  medium: '#e65100',
  low: '#1565c0',
  info: '#616161',
};

const GRADE_COLOUR: Record<string, string> = {
  A: '#2e7d32',
  B: '#558b2f',
  C: '#f9a825',
  D: '#ef6c00',
  F: '#c62828',
};

/**
 * One self-contained HTML file: inline CSS and SVG, no scripts, no network (a CSP forbids it), so it
 * can be attached to a build, mailed, or printed to PDF as it is.
 */
export function renderHtml(report: ScanReport, options: RenderOptions = {}): string {
  const gate = gateVerdict(report, options);
  const counts = severityCounts(report);
  const matrix = report.sections?.authorizationMatrix;
  const body = [
    '<header>',
    `<div class="grade" style="background:${GRADE_COLOUR[report.grade] ?? '#444'}" aria-label="grade">Grade ${report.grade}</div>`,
    '<div>',
    `<h1>apiward report — ${esc(report.target.url)}</h1>`,
    `<p class="score">Score <b>${report.score}/100</b> · ${report.findings.length} finding(s)${counts.length ? ` (${counts.map(([s, n]) => `<span class="sev-${s}">${n} ${s}</span>`).join(', ')})` : ''}</p>`,
    `<p class="meta">${report.target.endpoints} endpoint(s)${report.target.spec ? ` from ${esc(report.target.spec)}` : ''} · ${report.requestsSent} requests · ${(report.durationMs / 1000).toFixed(1)} s · ${esc(report.startedAt)} · apiward ${esc(report.tool.version)}${stack(report)}</p>`,
    gate
      ? `<p class="gate ${gate.passed ? 'pass' : 'fail'}">Gate: ${gate.passed ? 'PASS' : `FAIL — ${esc(gate.reasons.join('; '))}`}</p>`
      : '',
    '</div>',
    '</header>',
    notices(report),
    '<section id="categories"><h2>Category scores</h2>',
    renderCategoryChart(report.categories),
    '</section>',
    '<section id="findings"><h2>Findings</h2>',
    report.findings.length ? report.findings.map(finding).join('\n') : '<p>No findings.</p>',
    '</section>',
    matrix !== undefined
      ? `<section id="authorization-matrix"><h2>Authorization matrix</h2>${renderMatrix(matrix)}</section>`
      : '',
    identities(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>apiward — grade ${report.grade} — ${esc(report.target.url)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function finding(f: Finding): string {
  const facts = Object.entries(f.evidence.facts ?? {});
  const curl = f.evidence.curl ?? [];
  return `<article class="finding" id="finding-${esc(f.id)}">
<h3><span class="pill" style="background:${SEVERITY_COLOUR[f.severity]}">${f.severity}</span> ${esc(f.title)}${f.confidence === 'likely' ? ' <small>(likely)</small>' : ''}</h3>
<p class="where"><code>${esc(endpointLabel(f.endpoint))}</code> · ${esc(f.check)} · ${f.owasp} · ${f.cwe} · ${esc(f.category)} · id ${esc(f.id)}</p>
<p>${esc(f.description)}</p>
<p class="evidence-summary"><b>Evidence:</b> ${esc(f.evidence.summary)}</p>
${f.detail ? `<p class="detail">${esc(f.detail)}</p>` : ''}
${facts.length ? `<table class="facts">${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>` : ''}
${f.evidence.exchanges.map(exchange).join('\n')}
${curl.length ? `<h4>Reproduce</h4><pre class="curl">${curl.map(esc).join('\n')}</pre>` : ''}
<div class="fix">
<h4>Fix <small>(${esc(f.remediation.variant)})</small></h4>
<p>${esc(f.remediation.summary)}</p>
${f.remediation.steps.length ? `<ol>${f.remediation.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>` : ''}
${f.remediation.code ? `<pre class="code" data-language="${esc(f.remediation.code.language)}">${esc(f.remediation.code.source.trimEnd())}</pre>` : ''}
</div>
${f.compliance.length ? `<p class="meta">${f.compliance.map((c) => `${esc(c.framework)} ${esc(c.control)}`).join(' · ')}</p>` : ''}
${f.references.length ? `<p class="meta">${f.references.map(esc).join('<br>')}</p>` : ''}
</article>`;
}

function exchange(e: Exchange): string {
  const req = e.request;
  const head = `${req.method} ${req.url}\n${Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}${req.body ? `\n\n${cut(req.body)}` : ''}`;
  const res = e.response
    ? `HTTP ${e.response.status}\n${Object.entries(e.response.headers)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
        .join('\n')}${e.response.body ? `\n\n${cut(e.response.body)}` : ''}`
    : `(no response: ${e.error ?? 'unknown error'})`;
  return `<div class="exchange">
<p class="label">#${e.id} ${esc(e.label)} <small>as ${esc(e.identity)} · ${e.durationMs} ms</small></p>
<div class="pair"><pre class="request">${esc(head)}</pre><pre class="response">${esc(res)}</pre></div>
</div>`;
}

function notices(report: ScanReport): string {
  const items = [
    ...(report.complete ? [] : ['The scan did not finish (deadline or request budget reached).']),
    ...report.warnings,
    ...report.checkErrors.map((e) => `check ${e.check} did not finish: ${e.message}`),
  ];
  return items.length ? `<ul class="notices">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
}

function identities(report: ScanReport): string {
  if (!report.identities.length) return '';
  const rows = report.identities
    .map(
      (i) =>
        `<tr><td>${esc(i.name)}</td><td>${esc(i.role ?? '')}</td><td>${i.authenticated ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  return `<section id="identities"><h2>Identities</h2><table><tr><th>Name</th><th>Role</th><th>Authenticated</th></tr>${rows}</table></section>`;
}

function stack(report: ScanReport): string {
  const { framework, datastore, server } = report.fingerprint;
  const parts = [framework, datastore, server].filter(Boolean) as string[];
  return parts.length ? ` · stack: ${esc(parts.join(', '))}` : '';
}

function cut(s: string): string {
  return s.length > BODY_CHARS ? `${s.slice(0, BODY_CHARS)}… (${s.length - BODY_CHARS} more characters)` : s;
}

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d1d1f;margin:0 auto;max-width:1100px;padding:24px}
header{display:flex;gap:20px;align-items:center;border-bottom:2px solid #eee;padding-bottom:16px}
.grade{color:#fff;font-size:28px;font-weight:700;border-radius:12px;padding:18px 22px;white-space:nowrap}
h1{font-size:20px;margin:0 0 4px;word-break:break-all}
h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #eee;padding-bottom:4px}
h3{font-size:15px;margin:0 0 6px}
h4{font-size:13px;margin:12px 0 4px}
.score{font-size:16px;margin:0}
.meta{color:#666;font-size:12px;margin:4px 0}
.gate{font-weight:700;margin:6px 0 0}.gate.pass{color:#2e7d32}.gate.fail{color:#c62828}
.notices{background:#fff8e1;border:1px solid #ffe082;padding:8px 8px 8px 28px;border-radius:6px}
.finding{border:1px solid #e0e0e0;border-radius:8px;padding:14px;margin:12px 0;break-inside:avoid-page}
.pill{color:#fff;border-radius:10px;padding:1px 9px;font-size:12px;text-transform:uppercase;vertical-align:1px}
.where{color:#444;font-size:12px;margin:0 0 8px}
.exchange{margin:8px 0}.exchange .label{margin:0 0 2px;font-size:12px;font-weight:600}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:6px}
pre{background:#f6f8fa;border:1px solid #e5e7eb;border-radius:6px;padding:8px;margin:0;font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;white-space:pre-wrap;word-break:break-all}
.fix{background:#f1f8e9;border-radius:6px;padding:4px 12px 10px;margin-top:10px}
.fix pre{background:#fff}
table{border-collapse:collapse;font-size:12px;margin:6px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#fafafa}
.facts th{width:30%}
.matrix td.leak{background:#c62828;color:#fff;font-weight:700}.matrix td.allowed{background:#fff3e0}.matrix td.denied{background:#e8f5e9}.matrix td.owner{background:#e3f2fd}
.legend{font-size:12px;color:#555}
svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
.sev-critical{color:#7b1fa2}.sev-high{color:#c62828}.sev-medium{color:#e65100}.sev-low{color:#1565c0}.sev-info{color:#616161}
@media print{body{padding:0;max-width:none}.pair{grid-template-columns:1fr}}
`;
