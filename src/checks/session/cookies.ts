/** Signed session cookies seen during the scan, and the candidate sources to crack them with. */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Exchange } from '../../core/types.ts';
import type { CandidateSource, LineFormat } from '../../crack/index.ts';
import type { CheckContext, IdentityView } from '../../engine/context.ts';
import { isDeletion, parseSetCookies } from '../../http/cookies.ts';
import { headerValues } from '../../http/transport.ts';
import { recogniseSignedCookie, type SignedCookie } from '../../session/index.ts';
import { authBaselines } from '../shared/baseline.ts';

export interface SeenCookie {
  cookie: SignedCookie;
  /** The identity whose credential it is, when it authenticates one. */
  owner?: IdentityView;
  /** Where it was set (login answer or a baseline), when seen in a Set-Cookie. */
  setBy?: Exchange;
}

/** Every signed cookie the identities carry or the API set, one per identity and cookie name. */
export async function signedCookies(ctx: CheckContext): Promise<SeenCookie[]> {
  const out = new Map<string, SeenCookie>();
  for (const identity of ctx.identities) {
    for (const c of identity.credentials()) {
      if (c.placement.in !== 'cookie') continue;
      const cookie = recogniseSignedCookie(c.placement.name, c.value);
      if (!cookie) continue;
      const seen: SeenCookie = { cookie, owner: identity };
      if (identity.loginExchange) seen.setBy = identity.loginExchange;
      out.set(`${identity.name}:${c.placement.name}`, seen);
    }
  }
  const sources = (await authBaselines(ctx)).flatMap((b) =>
    [b.anonymous, b.genuine].filter((e): e is Exchange => !!e),
  );
  for (const exchange of sources) {
    for (const sc of parseSetCookies(headerValues(exchange.response?.headers ?? {}, 'set-cookie'))) {
      if (isDeletion(sc) || out.has(`set:${sc.name}`)) continue;
      const cookie = recogniseSignedCookie(sc.name, sc.value);
      if (cookie) out.set(`set:${sc.name}`, { cookie, setBy: exchange });
    }
  }
  return [...out.values()];
}

/** Built-in list first, then the user's word lists (Python-literal lists like Flask-Unsign's are detected). */
export function candidateSources(wordlists: readonly string[]): CandidateSource[] {
  return [
    { kind: 'builtin' },
    ...wordlists.map((path): CandidateSource => ({ kind: 'file', path, format: sniffFormat(path) })),
  ];
}

export function sniffFormat(path: string): LineFormat {
  let head = '';
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return 'plain';
  }
  return literalLines(head) ? 'python-literal' : 'plain';
}

/** Most lines are quoted Python string literals ('x', "x", b'x'). Pure. */
export function literalLines(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 50);
  const quoted = lines.filter((l) => /^b?(['"]).*\1$/.test(l.trim()));
  return lines.length > 0 && quoted.length >= lines.length * 0.8;
}
