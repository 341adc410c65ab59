import { claimCheck } from './shared/claim-check.ts';
import { jwtMeta } from './shared/meta.ts';

/** An expired token, or one without exp, is accepted. */
export default claimCheck(
  jwtMeta({
    id: 'jwt-expiry-not-enforced',
    title: 'Expired or non-expiring JWT accepted',
    severity: 'high',
    cwe: 'CWE-613',
    description:
      'The API accepts a token whose exp lies in the past, or one without exp at all, so a leaked token works forever and logging out or expiring sessions protects nothing.',
  }),
  'jwt-expiry-not-enforced',
  (variant) => (variant === 'exp removed' ? 'medium' : undefined),
);
