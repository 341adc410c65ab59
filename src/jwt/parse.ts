import { base64urlDecode, base64urlProblem, utf8DecodeStrict, utf8Encode } from './base64url.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** JOSE header of a JWS. Registered parameters are type-checked by `parseJwt`. */
export interface JwtHeader {
  alg: string;
  typ?: string;
  cty?: string;
  kid?: string;
  jku?: string;
  x5u?: string;
  jwk?: JsonObject;
  x5c?: string[];
  crit?: string[];
  [name: string]: JsonValue | undefined;
}

/**
 * Claims set. Time claims are checked to be NumericDates; `iss`/`sub`/`aud` stay loosely typed
 * because APIs in the wild issue numeric subjects and the scanner must still read them.
 */
export interface JwtPayload {
  exp?: number;
  nbf?: number;
  iat?: number;
  [name: string]: JsonValue | undefined;
}

export interface ParsedJwt {
  /** The token exactly as parsed (surrounding whitespace removed). */
  token: string;
  header: JwtHeader;
  payload: JwtPayload;
  /** The three base64url segments as they appear in the token. */
  segments: { header: string; payload: string; signature: string };
  signature: Uint8Array;
  /** ASCII bytes of `header.payload`: what the signature covers. */
  signingInput: Uint8Array;
  alg: string;
}

export type JwtParseErrorCode =
  | 'type'
  | 'empty'
  | 'too-large'
  | 'segments'
  | 'jwe'
  | 'base64url'
  | 'utf8'
  | 'json'
  | 'not-object'
  | 'header-param'
  | 'claim-type'
  | 'unsupported';

/** Every way a string can fail to be a JWT; `message` is one line and never echoes the token. */
export class JwtParseError extends Error {
  readonly code: JwtParseErrorCode;
  constructor(code: JwtParseErrorCode, message: string) {
    super(message);
    this.name = 'JwtParseError';
    this.code = code;
  }
}

export interface ParseOptions {
  /** Characters; default 65 536 (far above what HTTP header limits let through). */
  maxLength?: number;
}

export const DEFAULT_MAX_TOKEN_LENGTH = 65_536;

export interface JweInfo {
  token: string;
  /** The JWE protected header (alg, enc, kid…). */
  header: JsonObject;
}

export type InspectedToken = { kind: 'jws'; jwt: ParsedJwt } | { kind: 'jwe'; jwe: JweInfo };

type Segment = 'header' | 'payload' | 'signature' | 'protected header';

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function decodeSegment(name: Segment, s: string): Uint8Array {
  const problem = base64urlProblem(s);
  if (problem === 'alphabet') {
    const bad = [...s].find((c) => !/[A-Za-z0-9_-]/.test(c)) ?? '?';
    const shown = /^[\x21-\x7e]$/.test(bad)
      ? `'${bad}'`
      : `U+${bad.codePointAt(0)?.toString(16).padStart(4, '0')}`;
    throw new JwtParseError('base64url', `${name} segment is not base64url: it contains ${shown}`);
  }
  if (problem === 'length') {
    throw new JwtParseError('base64url', `${name} segment is not base64url: impossible length ${s.length}`);
  }
  return base64urlDecode(s);
}

function decodeJsonObject(name: Segment, s: string): JsonObject {
  if (s.length === 0) throw new JwtParseError('empty', `${name} segment is empty`);
  const bytes = decodeSegment(name, s);
  let text: string;
  try {
    text = utf8DecodeStrict(bytes);
  } catch {
    throw new JwtParseError('utf8', `${name} segment does not decode to UTF-8 text`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtParseError('json', `${name} segment is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtParseError('not-object', `${name} is JSON ${describeType(value)}, not a JSON object`);
  }
  return value as JsonObject;
}

const STRING_HEADER_PARAMS = ['alg', 'typ', 'cty', 'kid', 'jku', 'x5u', 'x5t', 'x5t#S256'] as const;

function checkHeader(header: JsonObject): JwtHeader {
  if (!('alg' in header)) throw new JwtParseError('header-param', 'header has no "alg" parameter');
  for (const name of STRING_HEADER_PARAMS) {
    const v = header[name];
    if (v !== undefined && typeof v !== 'string') {
      throw new JwtParseError('header-param', `header "${name}" must be a string, got ${describeType(v)}`);
    }
  }
  for (const name of ['crit', 'x5c'] as const) {
    const v = header[name];
    if (v !== undefined && !(Array.isArray(v) && v.every((e) => typeof e === 'string'))) {
      throw new JwtParseError('header-param', `header "${name}" must be an array of strings`);
    }
  }
  const jwk = header.jwk;
  if (jwk !== undefined && (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))) {
    throw new JwtParseError('header-param', `header "jwk" must be a JSON object, got ${describeType(jwk)}`);
  }
  if (header.b64 === false) {
    throw new JwtParseError(
      'unsupported',
      'header "b64": false (unencoded payload, RFC 7797) is not supported',
    );
  }
  return header as JwtHeader;
}

function checkPayload(payload: JsonObject): JwtPayload {
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const v = payload[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new JwtParseError(
        'claim-type',
        `claim "${name}" must be a NumericDate (number), got ${describeType(v)}`,
      );
    }
  }
  return payload as JwtPayload;
}

function prepare(token: unknown, options: ParseOptions): string[] {
  if (typeof token !== 'string') {
    throw new JwtParseError('type', `a JWT must be a string, got ${describeType(token)}`);
  }
  const max = options.maxLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (token.length > max) {
    throw new JwtParseError(
      'too-large',
      `token is ${token.length} characters, over the ${max}-character limit`,
    );
  }
  const trimmed = token.trim();
  if (trimmed.length === 0) throw new JwtParseError('empty', 'token is empty');
  return trimmed.split('.');
}

function jweFromParts(token: string, parts: string[]): JweInfo {
  return { token, header: decodeJsonObject('protected header', parts[0] ?? '') };
}

function jweMessage(info: JweInfo): string {
  const alg = typeof info.header.alg === 'string' ? info.header.alg : '?';
  const enc = typeof info.header.enc === 'string' ? info.header.enc : '?';
  return `token is a JWE (encrypted, 5 segments; alg=${alg.slice(0, 40)}, enc=${enc.slice(0, 40)}): its claims cannot be read or forged without the decryption key`;
}

function jwsFromParts(token: string, parts: string[]): ParsedJwt {
  const [h = '', p = '', s = ''] = parts;
  const header = checkHeader(decodeJsonObject('header', h));
  const payload = checkPayload(decodeJsonObject('payload', p));
  const signature = decodeSegment('signature', s);
  return {
    token,
    header,
    payload,
    segments: { header: h, payload: p, signature: s },
    signature,
    signingInput: utf8Encode(`${h}.${p}`),
    alg: header.alg,
  };
}

/** Parses a compact JWS (the usual JWT). Throws JwtParseError, never anything else, on bad input. */
export function parseJwt(token: string, options: ParseOptions = {}): ParsedJwt {
  const parts = prepare(token, options);
  const trimmed = parts.join('.');
  if (parts.length === 5) throw new JwtParseError('jwe', jweMessage(jweFromParts(trimmed, parts)));
  if (parts.length !== 3) {
    throw new JwtParseError(
      'segments',
      `a JWT has 3 dot-separated segments (5 for a JWE), this has ${parts.length}`,
    );
  }
  return jwsFromParts(trimmed, parts);
}

/** Like parseJwt, but reports a JWE (only its protected header is readable) instead of rejecting it. */
export function inspectToken(token: string, options: ParseOptions = {}): InspectedToken {
  const parts = prepare(token, options);
  const trimmed = parts.join('.');
  if (parts.length === 5) return { kind: 'jwe', jwe: jweFromParts(trimmed, parts) };
  if (parts.length !== 3) {
    throw new JwtParseError(
      'segments',
      `a JWT has 3 dot-separated segments (5 for a JWE), this has ${parts.length}`,
    );
  }
  return { kind: 'jws', jwt: jwsFromParts(trimmed, parts) };
}

/** What the offline cracker needs (structurally its `{ kind: 'jwt', alg, signingInput, signature }` target). */
export function crackTargetOf(parsed: ParsedJwt): {
  kind: 'jwt';
  alg: string;
  signingInput: Uint8Array;
  signature: Uint8Array;
} {
  return { kind: 'jwt', alg: parsed.alg, signingInput: parsed.signingInput, signature: parsed.signature };
}

/** True when `s` (trimmed) parses as a JWS. */
export function looksLikeJwt(s: string): boolean {
  if (typeof s !== 'string' || !s.includes('.')) return false;
  try {
    parseJwt(s);
    return true;
  } catch {
    return false;
  }
}

export type JwtMatch =
  | { kind: 'jws'; token: string; offset: number; jwt: ParsedJwt }
  | { kind: 'jwe'; token: string; offset: number; jwe: JweInfo };

/** Runs of characters a compact token can contain; anything else (quotes, `=`, `;`, spaces) delimits. */
const TOKENISH_RUN = /[A-Za-z0-9_.-]{10,}/g;

/**
 * Extracts JWS/JWE tokens from free text: header values (`Bearer …`), Set-Cookie lines, JSON or HTML bodies.
 * Each distinct token is reported once, at its first offset. Linear in the text length.
 */
export function findJwts(text: string, options: ParseOptions = {}): JwtMatch[] {
  const found: JwtMatch[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(TOKENISH_RUN)) {
    let run = m[0];
    // A JOSE header is a JSON object: its base64url always starts with "e" ({"… / { … / {\n…).
    if (run[0] !== 'e') continue;
    let dots = 0;
    for (const c of run) if (c === '.') dots++;
    // Sentence punctuation after a signed token ("… token eyJ….sig.") adds a dot.
    if ((dots === 3 || dots === 5) && run.endsWith('.')) {
      run = run.slice(0, -1);
      dots--;
    }
    if ((dots !== 2 && dots !== 4) || seen.has(run)) continue;
    try {
      const inspected = inspectToken(run, options);
      seen.add(run);
      found.push(
        inspected.kind === 'jws'
          ? { kind: 'jws', token: run, offset: m.index, jwt: inspected.jwt }
          : { kind: 'jwe', token: run, offset: m.index, jwe: inspected.jwe },
      );
    } catch (e) {
      if (!(e instanceof JwtParseError)) throw e;
    }
  }
  return found;
}
