import type { Credential, Placement } from '../../../auth/credential.ts';
import type { CheckContext, IdentityView } from '../../../engine/context.ts';
import { type ParsedJwt, parseJwt } from '../../../jwt/index.ts';

/** One JWT an identity presents to the API, and where it travels. */
export interface JwtSubject {
  identity: IdentityView;
  /** Index of the credential among `identity.credentials()`. */
  index: number;
  /** Where the token goes; a header value like "Bearer <jwt>" is split into name + scheme. */
  placement: Placement;
  token: string;
  parsed: ParsedJwt;
}

/** The JWS inside a credential value, if any: the value itself, or "<scheme> <jwt>" in a header. Pure, never throws. */
export function tokenInCredential(
  credential: Credential,
): { placement: Placement; parsed: ParsedJwt } | undefined {
  const value = typeof credential.value === 'string' ? credential.value.trim() : '';
  const direct = tryParse(value);
  if (direct) return { placement: credential.placement, parsed: direct };
  const p = credential.placement;
  if (p.in === 'header' && p.scheme === undefined) {
    const m = /^([A-Za-z][\w-]*)\s+(\S+)$/.exec(value);
    const parsed = m ? tryParse(m[2] ?? '') : undefined;
    if (m && parsed) return { placement: { in: 'header', name: p.name, scheme: m[1] ?? '' }, parsed };
  }
  return undefined;
}

function tryParse(value: string): ParsedJwt | undefined {
  if (value.split('.').length !== 3) return undefined;
  try {
    return parseJwt(value);
  } catch {
    return undefined;
  }
}

/** Every JWS credential of every identity, in identity order. Pure. */
export function subjectsOf(identities: readonly IdentityView[]): JwtSubject[] {
  const out: JwtSubject[] = [];
  for (const identity of identities) {
    if (identity.anonymous) continue;
    identity.credentials().forEach((credential, index) => {
      const found = tokenInCredential(credential);
      if (found)
        out.push({
          identity,
          index,
          placement: found.placement,
          token: found.parsed.token,
          parsed: found.parsed,
        });
    });
  }
  return out;
}

/** Memoised per scan: the identities' tokens as they were when the checks started. */
export function jwtSubjects(ctx: CheckContext): Promise<JwtSubject[]> {
  return ctx.memo('jwt:subjects', async () => subjectsOf(ctx.identities));
}

/** True when some identity carries a JWS (cheap; for `applies`). */
export function hasJwt(ctx: CheckContext): boolean {
  return subjectsOf(ctx.identities).length > 0;
}

/**
 * The identity's current credentials with the subject's token replaced by `token`, in the same place.
 * Other credentials (CSRF headers, extra cookies) travel unchanged. Pure.
 */
export function credentialsWith(subject: JwtSubject, token: string): Credential[] {
  const current = subject.identity.credentials();
  const replacement: Credential = { placement: subject.placement, value: token };
  if (current.length <= subject.index) return [replacement];
  return current.map((c, i) => (i === subject.index ? replacement : c));
}

/** Only this token, in this place (no other credential of the identity). Pure. */
export function onlyToken(placement: Placement, token: string): Credential[] {
  return [{ placement, value: token }];
}

export function placementKey(p: Placement): string {
  return `${p.in}:${p.name.toLowerCase()}`;
}

export function subjectKey(s: JwtSubject): string {
  return `${s.identity.name}#${s.index}`;
}
