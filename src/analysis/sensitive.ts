import { parseJson } from './json-path.ts';

export type SensitiveKind = 'credential' | 'secret' | 'personal' | 'internal-flag';

export interface SensitiveField {
  path: string;
  kind: SensitiveKind;
}

const FIELD_KINDS: Array<[RegExp, SensitiveKind]> = [
  [/^(password|passwd|pwd|pass|password_?hash|hashed_?password|pass_?hash|pin)$/i, 'credential'],
  [
    /^(secret|client_?secret|api_?key|apikey|private_?key|secret_?key|access_?key|refresh_?token|session_?secret|otp_?secret|mfa_?secret|totp_?secret)$/i,
    'secret',
  ],
  [
    /^(email|e_?mail|phone|phone_?number|mobile|ssn|social_?security|dob|date_?of_?birth|birth_?date|address|street|iban|card_?number|credit_?card|passport|national_?id|tax_?id)$/i,
    'personal',
  ],
  [
    /^(is_?admin|admin|is_?superuser|superuser|role|roles|permissions|is_?staff|internal|debug)$/i,
    'internal-flag',
  ],
];

/** Values that are sensitive whatever the key: password hashes and provider secrets. */
const VALUE_KINDS: Array<[RegExp, SensitiveKind]> = [
  [/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/, 'credential'],
  [/^\$argon2(id|i|d)\$/, 'credential'],
  [/^pbkdf2[_:$]/, 'credential'],
  [/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'secret'],
  [/^sk_(live|test)_[A-Za-z0-9]{16,}$/, 'secret'],
  [/^gh[pousr]_[A-Za-z0-9]{30,}$/, 'secret'],
  [/^xox[abpr]-[A-Za-z0-9-]{10,}$/, 'secret'],
];

/** Lists sensitive fields in a JSON body (key names and value shapes). Pure. */
export function sensitiveFields(body: string): SensitiveField[] {
  const json = parseJson(body);
  const out: SensitiveField[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (depth > 8 || out.length > 50) return;
    if (Array.isArray(value)) {
      for (const [i, v] of value.slice(0, 20).entries()) visit(v, `${path}[${i}]`, depth + 1);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const here = path ? `${path}.${key}` : key;
        const present = v !== null && v !== '' && v !== undefined;
        const byKey = FIELD_KINDS.find(([re]) => re.test(key));
        if (byKey && present && typeof v !== 'object') out.push({ path: here, kind: byKey[1] });
        else if (typeof v === 'string') {
          const byValue = VALUE_KINDS.find(([re]) => re.test(v));
          if (byValue) out.push({ path: here, kind: byValue[1] });
        }
        visit(v, here, depth + 1);
      }
    }
  };
  visit(json, '', 0);
  return out;
}

/** Marker values (a user's id, email…) that occur in the body as whole JSON values or words. Pure. */
export function markersIn(body: string, markers: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of markers) {
    if (value.length < 2) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^A-Za-z0-9_@.-])${escaped}($|[^A-Za-z0-9_@.-])`).test(body)) found.push(name);
  }
  return found;
}
