import { auditCheck } from './shared/audit.ts';
import { jwtMeta } from './shared/meta.ts';

/** Offline: token lifetime over 24 h (low) or 7 days (medium). */
export default auditCheck(
  jwtMeta({
    id: 'jwt-long-lifetime',
    title: 'JWT lifetime too long',
    severity: 'low',
    cwe: 'CWE-613',
    description:
      'The tokens the API issues stay valid for days or longer; access tokens should live minutes to an hour, with refresh tokens for longer sessions, so that a leaked token is useless soon.',
  }),
  'jwt-long-lifetime',
  (issue) => ({ lifetime: issue.title.replace(/^Token lifetime of /, '') }),
);
