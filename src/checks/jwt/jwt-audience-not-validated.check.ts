import { claimCheck } from './shared/claim-check.ts';
import { jwtMeta } from './shared/meta.ts';

/** A token meant for another audience (or none) is accepted. */
export default claimCheck(
  jwtMeta({
    id: 'jwt-audience-not-validated',
    title: 'JWT audience (aud) not validated',
    severity: 'medium',
    cwe: 'CWE-287',
    description:
      'The API accepts tokens whose aud claim names another service, or none: a token issued for one API can be replayed against this one.',
  }),
  'jwt-audience-not-validated',
);
