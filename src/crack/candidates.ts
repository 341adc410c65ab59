/** Candidate decoding (Python literals) and the simple mutation rules. Pure functions. */

const utf8 = new TextEncoder();

const SIMPLE_ESCAPES: Record<string, number> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
};

const PREFIX = /^([rRbBuU]{0,2})('''|"""|'|")/;

/**
 * Decodes one Python string or bytes literal, as Flask-Unsign word lists hold them (`'secret'`,
 * `b'\x00key'`, `"it's"`). A trailing `# comment` is allowed. Returns the secret's bytes (UTF-8 for
 * str literals), or undefined when the line is not a single literal.
 */
export function decodePythonLiteral(line: string): Uint8Array | undefined {
  const s = line.trim();
  const m = PREFIX.exec(s);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  const quote = m[2]!;
  const isBytes = prefix.includes('b');
  const raw = prefix.includes('r');
  if (prefix.length === 2 && !(isBytes && raw)) return undefined;
  if (prefix === 'u' && raw) return undefined;
  let i = m[0].length;
  const codes: number[] = [];
  const pushChar = (code: number): boolean => {
    if (isBytes && code > 0xff) return false;
    codes.push(code);
    return true;
  };
  for (;;) {
    if (i >= s.length) return undefined;
    if (s.startsWith(quote, i)) {
      i += quote.length;
      break;
    }
    const ch = s[i]!;
    if (ch !== '\\') {
      const cp = s.codePointAt(i)!;
      // Bytes literals only admit ASCII characters as written.
      if ((isBytes && cp > 0x7f) || !pushChar(cp)) return undefined;
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const next = s[i + 1];
    if (next === undefined) return undefined;
    if (raw) {
      codes.push(0x5c, next.charCodeAt(0));
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      codes.push(simple);
      i += 2;
      continue;
    }
    const hexLen = next === 'x' ? 2 : next === 'u' && !isBytes ? 4 : next === 'U' && !isBytes ? 8 : 0;
    if (hexLen > 0) {
      const hex = s.slice(i + 2, i + 2 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return undefined;
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff || !pushChar(cp)) return undefined;
      i += 2 + hexLen;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
    if (octal) {
      if (!pushChar(Number.parseInt(octal[0], 8) & (isBytes ? 0xff : 0x1ff))) return undefined;
      i += 1 + octal[0].length;
      continue;
    }
    // Unknown escapes keep the backslash, as Python does.
    codes.push(0x5c);
    i += 1;
  }
  const rest = s.slice(i).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  if (isBytes) return Uint8Array.from(codes);
  return utf8.encode(String.fromCodePoint(...codes));
}

const YEARS = Array.from({ length: 2027 - 2010 }, (_, i) => String(2010 + i));
const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));

/** Suffixes appended by the mutation rules. */
export const SUFFIXES: readonly string[] = [
  ...DIGITS,
  ...['00', '01', '11', '12', '13', '21', '22', '23', '69', '99', '007', '123', '1234', '12345', '123456'],
  ...['!', '!!', '!!!', '1!', '123!', '@', '#', '$', '*', '?', '.', '_', '-'],
  ...YEARS,
  ...YEARS.map((y) => `${y}!`),
];

const HAS_SEPARATOR = /[-_ .]/;
const SEPARATOR_RUNS = /[-_ .]+/g;

function caseVariants(word: string): string[] {
  const lower = word.toLowerCase();
  const cap = lower.charAt(0).toUpperCase() + lower.slice(1);
  return [word, lower, word.toUpperCase(), cap];
}

/**
 * Calls `emit` once for each distinct mutation of `word`, the word itself first: trimmed
 * whitespace, separator swaps (`-`, `_`, none), case variants (lower, UPPER, Capitalised), each
 * with and without one of SUFFIXES.
 */
export function forEachMutation(word: string, emit: (candidate: string) => void): void {
  const seen = new Set<string>();
  const out = (c: string): void => {
    if (seen.has(c)) return;
    seen.add(c);
    emit(c);
  };
  out(word);
  const bases = new Set<string>([word, word.trim()]);
  for (const b of [...bases]) {
    if (HAS_SEPARATOR.test(b.trim()))
      for (const sep of ['-', '_', '']) bases.add(b.trim().replace(SEPARATOR_RUNS, sep));
  }
  const stems = new Set<string>();
  for (const b of bases) for (const v of caseVariants(b)) stems.add(v);
  for (const stem of stems) out(stem);
  for (const stem of stems) for (const suffix of SUFFIXES) out(stem + suffix);
}
