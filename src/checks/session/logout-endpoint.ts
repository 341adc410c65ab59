/** Finding the API's logout operation: from the inventory, else next to the login path. */
import type { HttpMethod } from '../../core/types.ts';
import type { CheckContext } from '../../engine/context.ts';
import type { LoginTemplate } from '../login/flow.ts';

const LOGOUT = /(^|\/)(log-?out|sign-?out|log-?off)(\/|$)/i;

export interface LogoutCandidate {
  method: HttpMethod;
  path: string;
  /** Guessed next to the login path rather than listed by the API. */
  guessed: boolean;
}

export function logoutCandidates(ctx: CheckContext, template: LoginTemplate): LogoutCandidate[] {
  const listed = ctx.inventory.endpoints
    .filter((e) => LOGOUT.test(e.path) || (e.method === 'DELETE' && /\/sessions?(\/current)?$/i.test(e.path)))
    .filter((e) => !e.path.includes('{'))
    .map((e) => ({ method: e.method, path: e.path, guessed: false }));
  if (listed.length > 0) return listed;
  const loginPath = new URL(template.url).pathname;
  const guesses = new Set<string>();
  for (const name of ['logout', 'signout']) {
    const replaced = loginPath.replace(/(log-?in|sign-?in|session|authenticate|token)(?=\/?$)/i, name);
    if (replaced !== loginPath) guesses.add(replaced);
  }
  const methods: HttpMethod[] = ctx.settings.active ? ['POST', 'GET'] : ['GET'];
  return [...guesses].flatMap((path) => methods.map((method) => ({ method, path, guessed: true })));
}
