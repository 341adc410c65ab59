import { PCI, SOC2 } from '../../../core/compliance.ts';
import type { Category, CheckMeta, CweId, OwaspId, Severity } from '../../../core/types.ts';

const OWASP_LINK: Record<string, string> = {
  'API2:2023': 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
  'API3:2023':
    'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
};

export const JWT_BCP = 'https://www.rfc-editor.org/rfc/rfc8725';

/** Check metadata with the JWT suite's shared defaults (authentication, API2:2023, JWT BCP reference). */
export function jwtMeta(m: {
  id: string;
  title: string;
  severity: Severity;
  cwe: CweId;
  description: string;
  owasp?: OwaspId;
  category?: Category;
  references?: string[];
  keyManagement?: boolean;
}): CheckMeta {
  const owasp = m.owasp ?? 'API2:2023';
  return {
    id: m.id,
    title: m.title,
    category: m.category ?? 'authentication',
    severity: m.severity,
    owasp,
    cwe: m.cwe,
    description: m.description,
    references: [
      OWASP_LINK[owasp] ?? 'https://owasp.org/API-Security/editions/2023/en/0x11-t10/',
      `https://cwe.mitre.org/data/definitions/${m.cwe.slice(4)}.html`,
      JWT_BCP,
      ...(m.references ?? []),
    ],
    compliance: m.keyManagement
      ? [PCI.strongAuth, PCI.keyManagement, SOC2.logicalAccess]
      : [PCI.strongAuth, SOC2.logicalAccess],
  };
}
