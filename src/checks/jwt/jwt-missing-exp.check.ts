import { auditCheck } from './shared/audit.ts';
import { jwtMeta } from './shared/meta.ts';

/** Offline: the API issues tokens without an exp claim. */
export default auditCheck(
  jwtMeta({
    id: 'jwt-missing-exp',
    title: 'JWT issued without an expiry (exp)',
    severity: 'medium',
    cwe: 'CWE-613',
    description:
      'The tokens the API issues carry no exp claim, so a leaked or stolen token stays valid until the signing key is rotated.',
  }),
  'jwt-missing-exp',
  () => ({ exp: 'absent' }),
);
