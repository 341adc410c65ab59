import { claimCheck } from './shared/claim-check.ts';
import { jwtMeta } from './shared/meta.ts';

/** A token whose nbf lies an hour ahead is accepted. */
export default claimCheck(
  jwtMeta({
    id: 'jwt-nbf-not-enforced',
    title: 'Not-yet-valid JWT (nbf in the future) accepted',
    severity: 'medium',
    cwe: 'CWE-287',
    description:
      'The API accepts a token before the time in its nbf ("not before") claim, so tokens issued for later use, or pre-generated ones, work immediately.',
  }),
  'jwt-nbf-not-enforced',
);
