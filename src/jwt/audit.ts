import type { Severity } from '../core/types.ts';
import { ADMIN_FLAG_NAMES } from './claim-names.ts';
import { normaliseClaimName } from './claims.ts';
import type { JsonValue, ParsedJwt } from './parse.ts';

export type AuditCheck = 'jwt-sensitive-claims' | 'jwt-missing-exp' | 'jwt-long-lifetime' | 'jwt-alg-none';

export type SensitiveKind =
  | 'password'
  | 'password-hash'
  | 'secret'
  | 'government-id'
  | 'payment-card'
  | 'personal-data'
  | 'privilege-flag';

export interface SensitiveClaim {
  /** JSON path inside the payload, e.g. `user.password`. */
  path: string;
  kind: SensitiveKind;
  severity: Severity;
  /** Why it was flagged; never contains the claim's value. */
  reason: string;
}

export interface AuditIssue {
  check: AuditCheck;
  severity: Severity;
  title: string;
  detail: string;
  /** For jwt-sensitive-claims: the individual claims. */
  claims?: SensitiveClaim[];
}

export interface DecodeSummary {
  alg: string;
  typ?: string;
  kid?: string;
  issuer?: string;
  subject?: string;
  audience?: string[];
  issuedAt?: string;
  notBefore?: string;
  expiresAt?: string;
  /** exp − iat in seconds, when both are present. */
  lifetimeSeconds?: number;
  /** exp − now in seconds (negative once expired). */
  remainingSeconds?: number;
  expired?: boolean;
  claimNames: string[];
  /** Human-readable lines for `apiward jwt <token>`. */
  lines: string[];
}

export interface TokenAudit {
  summary: DecodeSummary;
  issues: AuditIssue[];
}

/**
 * Lifetime bounds. Access tokens are usually minutes to an hour; a day is already generous, so
 * beyond 24 h is reported (low) and beyond 7 days — a stolen token stays useful for a week — is
 * medium. The lifetime is exp − iat, or exp − now when iat is missing.
 */
export const LIFETIME_NOTE_SECONDS = 24 * 3600;
export const LIFETIME_BAD_SECONDS = 7 * 24 * 3600;

const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

function maxSeverity(list: readonly Severity[]): Severity {
  return list.reduce<Severity>(
    (a, b) => (SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a),
    'info',
  );
}

export function isoTime(seconds: number): string | undefined {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

export function humanDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const sign = seconds < 0 ? '-' : '';
  if (s < 120) return `${sign}${s} s`;
  if (s < 7200) return `${sign}${Math.round(s / 60)} min`;
  if (s < 172_800) return `${sign}${Math.round(s / 360) / 10} h`;
  if (s < 2 * 365 * 86_400) return `${sign}${Math.round(s / 8640) / 10} days`;
  return `${sign}${Math.round(s / (365.25 * 8640)) / 10} years`;
}

// ---- sensitive claims -------------------------------------------------------------------------

const HASH_FORMATS: [RegExp, string][] = [
  [/^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/, 'bcrypt hash'],
  [/^\$argon2(id|i|d)\$/, 'argon2 hash'],
  [/^\$(1|5|6)\$[^$]{1,16}\$[./A-Za-z0-9]{22,}$/, 'crypt(3) hash'],
  [/^\$scrypt\$|^scrypt:\d+/, 'scrypt hash'],
  [/^(pbkdf2[:_]sha(1|256|512)|pbkdf2)[$:]/, 'PBKDF2 hash'],
  [/^\{(SSHA|SHA|SSHA256|SSHA512|MD5)\}/i, 'LDAP password hash'],
];
const HEX_DIGEST = /^(?:[a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128})$/i;
const SECRET_FORMATS: [RegExp, string][] = [
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'PEM private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'AWS access key id'],
  [/\b[sr]k_(?:live|test)_[0-9A-Za-z]{10,}/, 'Stripe secret key'],
  [/\bgh[pousr]_[0-9A-Za-z]{30,}/, 'GitHub token'],
  [/\bxox[abposr]-[0-9A-Za-z-]{10,}/, 'Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'Google API key'],
  [/\bsk-[A-Za-z0-9_-]{20,}/, 'API secret key (sk-…)'],
];

const HASH_NAMES = ['hash', 'digest', 'pwhash'];
const AUTHZ_NAMES = new Set([
  'role',
  'roles',
  'permissions',
  'perms',
  'privileges',
  'groups',
  'authorities',
  'acl',
  'usertype',
  'accounttype',
  'tier',
  'plan',
]);

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Classifies one claim by its name and (string) value; undefined when unremarkable. */
function classify(path: string, key: string, value: JsonValue): SensitiveClaim | undefined {
  const n = normaliseClaimName(key);
  const s = typeof value === 'string' ? value : undefined;
  const hit = (kind: SensitiveKind, severity: Severity, reason: string): SensitiveClaim => ({
    path,
    kind,
    severity,
    reason,
  });
  if (s !== undefined) {
    for (const [re, label] of HASH_FORMATS)
      if (re.test(s)) return hit('password-hash', 'high', `value is a ${label}`);
    for (const [re, label] of SECRET_FORMATS)
      if (re.test(s)) return hit('secret', 'high', `value looks like a ${label}`);
  }
  const text = s !== undefined && s.trim() !== '' ? s : undefined;
  const scalar = text !== undefined || typeof value === 'number';
  if (text && HASH_NAMES.some((p) => n.includes(p)) && HEX_DIGEST.test(text)) {
    return hit(
      'password-hash',
      'high',
      `claim name suggests a hash and the value is a ${text.length * 4}-bit hex digest`,
    );
  }
  if (scalar && /ssn|socialsecurity|nationalid|passport|taxid/.test(n)) {
    return hit('government-id', 'high', 'claim name suggests a social security / national id number');
  }
  if (text && /^\d{3}-\d{2}-\d{4}$/.test(text))
    return hit('government-id', 'high', 'value is formatted like a US SSN');
  if (text && /password|passwd|passphrase|^pwd$|^pass$|^pin$|^pincode$/.test(n)) {
    return hit('password', 'high', 'claim name suggests a password');
  }
  if (
    text &&
    /secret|apikey|privatekey|accesskey|refreshtoken|credential|otpseed|totpseed/.test(n) &&
    n !== 'secretquestion'
  ) {
    return hit('secret', 'high', 'claim name suggests a secret or API key');
  }
  const digits = text?.replace(/[ -]/g, '') ?? '';
  if (/^\d{13,19}$/.test(digits) && luhn(digits) && !/^(jti|sub|id|uid|userid|sid)$/.test(n)) {
    return hit('payment-card', 'high', 'value is a Luhn-valid card number');
  }
  if (scalar && /cardnumber|creditcard|iban|cvv|cvc/.test(n)) {
    return hit('payment-card', 'high', 'claim name suggests payment card or bank data');
  }
  if ((scalar && /phone|mobile|msisdn/.test(n)) || (text && /^\+\d{8,15}$/.test(text))) {
    return hit('personal-data', 'low', 'phone number');
  }
  if (
    value !== null &&
    value !== '' &&
    typeof value !== 'boolean' &&
    /address|street|postalcode|zipcode/.test(n) &&
    !/email|ip/.test(n)
  ) {
    return hit('personal-data', 'low', 'postal address');
  }
  if (scalar && /birth|^dob$/.test(n)) return hit('personal-data', 'low', 'date of birth');
  if (text && (n === 'email' || /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(text))) {
    return hit('personal-data', 'low', 'email address (readable by anyone holding the token)');
  }
  if (ADMIN_FLAG_NAMES.has(n)) {
    return hit('privilege-flag', 'medium', 'admin flag: authorisation decided from a client-held value');
  }
  if (AUTHZ_NAMES.has(n)) return hit('privilege-flag', 'low', 'role/permission list carried in the token');
  return undefined;
}

const MAX_DEPTH = 8;
const MAX_FINDINGS = 50;

function walk(value: JsonValue, path: string, key: string, depth: number, out: SensitiveClaim[]): void {
  if (out.length >= MAX_FINDINGS) return;
  if (key !== '') {
    const c = classify(path, key, value);
    if (c) {
      out.push(c);
      return;
    }
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(v, `${path}[${i}]`, key, depth + 1, out);
    });
    return;
  }
  for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, k, depth + 1, out);
}

// Registered claims whose content is defined by the JWT/OIDC specs, not by the application.
const REGISTERED = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'azp',
  'nonce',
  'at_hash',
  'c_hash',
  'sid',
]);

export function sensitiveClaims(payload: ParsedJwt['payload']): SensitiveClaim[] {
  const out: SensitiveClaim[] = [];
  for (const [k, v] of Object.entries(payload)) {
    if (v === undefined) continue;
    if (REGISTERED.has(k)) {
      // A registered claim can still carry PII (sub = an email address) but is never a privilege flag.
      const c = typeof v === 'string' ? classify(k, k === 'sub' ? 'subject' : k, v) : undefined;
      if (c && c.kind !== 'privilege-flag') out.push(c);
      continue;
    }
    walk(v, k, k, 0, out);
  }
  return out;
}

// ---- summary and audit ------------------------------------------------------------------------

function summarise(parsed: ParsedJwt, now: number): DecodeSummary {
  const { header, payload } = parsed;
  const aud = payload.aud;
  const s: DecodeSummary = { alg: parsed.alg, claimNames: Object.keys(payload), lines: [] };
  if (typeof header.typ === 'string') s.typ = header.typ;
  if (typeof header.kid === 'string') s.kid = header.kid;
  if (typeof payload.iss === 'string') s.issuer = payload.iss;
  if (typeof payload.sub === 'string' || typeof payload.sub === 'number') s.subject = String(payload.sub);
  if (typeof aud === 'string') s.audience = [aud];
  else if (Array.isArray(aud)) s.audience = aud.filter((a): a is string => typeof a === 'string');
  const iat = payload.iat !== undefined ? isoTime(payload.iat) : undefined;
  const nbf = payload.nbf !== undefined ? isoTime(payload.nbf) : undefined;
  const exp = payload.exp !== undefined ? isoTime(payload.exp) : undefined;
  if (iat) s.issuedAt = iat;
  if (nbf) s.notBefore = nbf;
  if (exp) s.expiresAt = exp;
  if (payload.exp !== undefined) {
    s.remainingSeconds = payload.exp - now;
    s.expired = payload.exp <= now;
    if (payload.iat !== undefined) s.lifetimeSeconds = payload.exp - payload.iat;
  }

  const l = s.lines;
  l.push(
    `alg: ${parsed.alg}${s.typ ? `  typ: ${s.typ}` : ''}${s.kid !== undefined ? `  kid: ${JSON.stringify(s.kid)}` : ''}`,
  );
  if (s.issuer !== undefined) l.push(`issuer: ${s.issuer}`);
  if (s.subject !== undefined) l.push(`subject: ${s.subject}`);
  if (s.audience) l.push(`audience: ${s.audience.join(', ')}`);
  if (payload.iat !== undefined) l.push(`issued: ${iat ?? `out-of-range iat ${payload.iat}`}`);
  if (payload.nbf !== undefined) l.push(`not before: ${nbf ?? `out-of-range nbf ${payload.nbf}`}`);
  if (payload.exp === undefined) l.push('expires: never (no exp claim)');
  else {
    const rel = s.expired
      ? `expired ${humanDuration(now - payload.exp)} ago`
      : `in ${humanDuration(payload.exp - now)}`;
    l.push(`expires: ${exp ?? `out-of-range exp ${payload.exp}`} (${rel})`);
  }
  if (s.lifetimeSeconds !== undefined) l.push(`lifetime: ${humanDuration(s.lifetimeSeconds)}`);
  l.push(`claims: ${s.claimNames.join(', ') || '(none)'}`);
  return s;
}

/** Offline audit of a token the API issued. Pure: same token and `now` (epoch seconds) → same result. */
export function auditToken(parsed: ParsedJwt, now: number = Math.floor(Date.now() / 1000)): TokenAudit {
  const summary = summarise(parsed, now);
  const issues: AuditIssue[] = [];
  const { payload } = parsed;

  if (parsed.alg.toLowerCase() === 'none' || parsed.alg === '') {
    issues.push({
      check: 'jwt-alg-none',
      severity: 'critical',
      title: 'Token issued without a signature',
      detail: `The API issued a token with alg ${JSON.stringify(parsed.alg)}: anyone can write its claims.`,
    });
  }

  const claims = sensitiveClaims(payload);
  if (claims.length > 0) {
    const kinds = [...new Set(claims.map((c) => c.kind))];
    issues.push({
      check: 'jwt-sensitive-claims',
      severity: maxSeverity(claims.map((c) => c.severity)),
      title: 'Sensitive data in token claims',
      detail: `JWT claims are only base64url-encoded, readable by anyone holding the token. Found ${kinds.join(', ')} in: ${claims.map((c) => c.path).join(', ')}.`,
      claims,
    });
  }

  if (payload.exp === undefined) {
    issues.push({
      check: 'jwt-missing-exp',
      severity: 'medium',
      title: 'Token never expires (no exp claim)',
      detail: 'Without exp a leaked token stays valid until the signing key changes.',
    });
  } else {
    const fromIat = payload.iat !== undefined && payload.iat <= payload.exp;
    const lifetime = fromIat ? payload.exp - (payload.iat ?? 0) : payload.exp - now;
    if (lifetime > LIFETIME_NOTE_SECONDS) {
      const basis = fromIat ? 'exp − iat' : 'time left until exp (no iat)';
      issues.push({
        check: 'jwt-long-lifetime',
        severity: lifetime > LIFETIME_BAD_SECONDS ? 'medium' : 'low',
        title: `Token lifetime of ${humanDuration(lifetime)}`,
        detail: `The token is valid for ${humanDuration(lifetime)} (${basis}); access tokens should live minutes to an hour (bounds: over 24 h noted, over 7 days medium).`,
      });
    }
  }
  return { summary, issues };
}
