import type { FindingDraft } from '../../core/types.ts';
import type { Check } from '../../engine/context.ts';
import type { ForgedToken } from '../../jwt/index.ts';
import { endpointRef } from '../shared/baseline.ts';
import { tryTokens } from './shared/attempt.ts';
import { where } from './shared/evidence.ts';
import { jwtMeta } from './shared/meta.ts';
import { hasJwt, onlyToken } from './shared/subjects.ts';
import { attackProbes } from './shared/target.ts';

export const QUERY_NAMES = ['access_token', 'token', 'jwt'] as const;

/**
 * The genuine token moved into the URL (and no header or cookie) still authenticates. URLs end
 * up in server and proxy logs, browser history and Referer headers, so tokens there leak.
 */
const check: Check = {
  meta: jwtMeta({
    id: 'jwt-in-query',
    title: 'JWT accepted in the URL query string',
    severity: 'medium',
    cwe: 'CWE-598',
    description:
      'The API accepts the access token as a URL query parameter. URLs are written to access logs, proxy logs and browser history and sent in Referer headers, so tokens passed this way leak to places that are not protected like credentials.',
    references: ['https://www.rfc-editor.org/rfc/rfc6750#section-5.3'],
  }),
  applies: hasJwt,
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    for (const probe of await attackProbes(ctx)) {
      if (probe.subject.placement.in === 'query') continue;
      for (const name of QUERY_NAMES) {
        const moved: ForgedToken = {
          token: probe.subject.token,
          variant: `?${name}=`,
          description: `The genuine token sent only as the query parameter ${name} (no header, no cookie).`,
          check: 'jwt-signature-not-verified',
        };
        const { accepted } = await tryTokens(ctx, probe, [moved], {
          credentials: (token) => onlyToken({ in: 'query', name }, token),
          label: 'jwt-in-query',
        });
        if (!accepted) continue;
        drafts.push({
          endpoint: endpointRef(probe.endpoint),
          variant: moved.variant,
          evidence: {
            summary: `${probe.subject.identity.name}'s genuine token sent only as ?${name}= to GET ${probe.path} got the same answer as in its usual place (${where(probe.subject)}), while an anonymous request is refused (${probe.anonymous.response?.status}).`,
            exchanges: [probe.genuine, probe.anonymous, accepted.exchange],
            facts: { 'query parameter': name, 'usual placement': where(probe.subject) },
          },
        });
        break;
      }
    }
    return drafts;
  },
};

export default check;
