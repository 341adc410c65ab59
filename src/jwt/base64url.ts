/** Strict base64url (RFC 4648 §5, no padding) as JWS compact serialisation uses it. */

const ALPHABET = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export type Base64urlProblem = 'alphabet' | 'length';

/** Why `s` is not base64url, or undefined when it is. */
export function base64urlProblem(s: string): Base64urlProblem | undefined {
  if (!ALPHABET.test(s)) return 'alphabet';
  // One leftover character carries only 6 bits: no byte can end there.
  if (s.length % 4 === 1) return 'length';
  return undefined;
}

export function isBase64url(s: string): boolean {
  return base64urlProblem(s) === undefined;
}

/** Decodes base64url; throws RangeError on characters outside the alphabet, padding or a bad length. */
export function base64urlDecode(s: string): Uint8Array {
  const problem = base64urlProblem(s);
  if (problem === 'alphabet') throw new RangeError('not base64url: character outside [A-Za-z0-9_-]');
  if (problem === 'length') throw new RangeError(`not base64url: impossible length ${s.length}`);
  return new Uint8Array(Buffer.from(s, 'base64url'));
}

export function base64urlEncode(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** UTF-8 decode that refuses invalid sequences instead of inserting U+FFFD. */
export function utf8DecodeStrict(bytes: Uint8Array): string {
  return utf8Strict.decode(bytes);
}

export function utf8Encode(s: string): Uint8Array {
  return utf8.encode(s);
}

/** JSON-serialise and base64url-encode one JWS segment. */
export function encodeJsonSegment(value: unknown): string {
  return base64urlEncode(JSON.stringify(value));
}
