import { auditCheck } from './shared/audit.ts';
import { jwtMeta } from './shared/meta.ts';

/** Offline: passwords, hashes, secrets, personal data or authorisation flags readable in the claims. */
export default auditCheck(
  jwtMeta({
    id: 'jwt-sensitive-claims',
    title: 'Sensitive data in JWT claims',
    severity: 'medium',
    cwe: 'CWE-312',
    owasp: 'API3:2023',
    category: 'data-exposure',
    description:
      'JWT claims are only base64url-encoded: anyone holding the token (browser storage, logs, proxies) can read them. The tokens carry data that should stay on the server, such as credentials, personal data or authorisation flags the API then trusts.',
    references: ['https://cwe.mitre.org/data/definitions/200.html'],
  }),
  'jwt-sensitive-claims',
  (issue) =>
    Object.fromEntries(
      (issue.claims ?? [])
        .slice(0, 20)
        .map((c) => [`claim ${c.path}`, `${c.kind} (${c.severity}): ${c.reason}`]),
    ),
);
