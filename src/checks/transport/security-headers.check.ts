import { carriesData } from '../../analysis/compare.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft, Severity } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import { headerValue } from '../../http/transport.ts';
import { authBaselines } from '../shared/baseline.ts';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

interface Rule {
  variant: string;
  severity: Severity;
  title: string;
  applies(url: URL): boolean;
  missing(exchange: Exchange): boolean;
  explain: string;
}

const RULES: Rule[] = [
  {
    variant: 'plain-http',
    severity: 'high',
    title: 'API served over plain HTTP',
    applies: (url) => url.protocol === 'http:' && !LOOPBACK.test(url.hostname),
    missing: () => true,
    explain: 'credentials and data travel unencrypted',
  },
  {
    variant: 'hsts',
    severity: 'medium',
    title: 'Strict-Transport-Security header missing',
    applies: (url) => url.protocol === 'https:',
    missing: (e) =>
      !/max-age=\s*[1-9]/i.test(headerValue(e.response!.headers, 'strict-transport-security') ?? ''),
    explain: 'browsers may be downgraded to plain HTTP',
  },
  {
    variant: 'nosniff',
    severity: 'low',
    title: 'X-Content-Type-Options: nosniff missing',
    applies: () => true,
    missing: (e) =>
      (headerValue(e.response!.headers, 'x-content-type-options') ?? '').toLowerCase() !== 'nosniff',
    explain: 'browsers may sniff API responses as HTML or script',
  },
  {
    variant: 'cache-control',
    severity: 'low',
    title: 'Authenticated responses may be cached',
    applies: () => true,
    missing: (e) => !/no-store|private/i.test(headerValue(e.response!.headers, 'cache-control') ?? ''),
    explain: 'shared caches and browsers may keep personal data (Cache-Control lacks no-store/private)',
  },
];

/** Transport hygiene over the authenticated responses the scan already has; one finding per missing control. */
const check: Check = {
  meta: {
    id: 'security-headers',
    title: 'Transport security headers missing',
    category: 'encryption',
    severity: 'low',
    owasp: 'API8:2023',
    cwe: 'CWE-693',
    description: 'Responses lack transport and caching protections that browsers and intermediaries rely on.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/',
      'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
    ],
    compliance: [PCI.strongCrypto, SOC2.transmission],
  },
  async run(ctx) {
    const baselines = await authBaselines(ctx);
    const samples = baselines
      .map((b) => b.genuine)
      .filter((e): e is Exchange => !!e && carriesData(e.response));
    if (samples.length === 0) return [];
    const drafts: FindingDraft[] = [];
    for (const rule of RULES) {
      if (!rule.applies(ctx.target.baseUrl)) continue;
      const offenders = samples.filter((e) => rule.missing(e));
      if (offenders.length === 0) continue;
      const first = offenders[0]!;
      const base = baselines.find((b) => b.genuine === first)!;
      drafts.push({
        endpoint: { method: base.endpoint.method, path: base.endpoint.path },
        variant: rule.variant,
        title: rule.title,
        severity: rule.severity,
        detail: `${offenders.length} of ${samples.length} authenticated responses: ${rule.explain}.`,
        evidence: {
          summary: `${rule.title} on ${first.request.url} — ${rule.explain}.`,
          exchanges: offenders.slice(0, 2),
        },
      });
    }
    return drafts;
  },
};

export default check;
