import { claimCheck } from './shared/claim-check.ts';
import { jwtMeta } from './shared/meta.ts';

/** A token with a foreign, missing or other-environment iss is accepted. */
export default claimCheck(
  jwtMeta({
    id: 'jwt-issuer-not-validated',
    title: 'JWT issuer (iss) not validated',
    severity: 'medium',
    cwe: 'CWE-287',
    description:
      'The API accepts tokens whose iss claim names another issuer, or none: tokens minted by another service or environment that shares the key (staging, another tenant) are honoured here.',
  }),
  'jwt-issuer-not-validated',
);
