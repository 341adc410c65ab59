/**
 * Express signed cookies (`cookie-signature`, used by cookie-parser and express-session):
 * `s:<value>.<base64 HMAC-SHA256(secret, value), no padding>`, URL-encoded on the wire. A value that
 * starts with `j:` is a JSON cookie (cookie-parser). Pure.
 */
import { createHmac } from 'node:crypto';

export interface ExpressCookie {
  /** The signed value (for express-session, the session id). */
  value: string;
  /** Parsed JSON for `j:` cookies. */
  data?: unknown;
  /** The cookie value was URL-encoded on the wire. */
  encoded: boolean;
}

export function decodeExpressCookie(wire: string): ExpressCookie | undefined {
  let text = wire;
  const encoded = /%[0-9A-Fa-f]{2}/.test(wire);
  if (encoded) {
    try {
      text = decodeURIComponent(wire);
    } catch {
      return undefined;
    }
  }
  if (!text.startsWith('s:')) return undefined;
  const dot = text.lastIndexOf('.');
  const sig = text.slice(dot + 1);
  if (dot < 2 || !/^[A-Za-z0-9+/]{43}$/.test(sig)) return undefined;
  const value = text.slice(2, dot);
  const out: ExpressCookie = { value, encoded };
  if (value.startsWith('j:')) {
    try {
      out.data = JSON.parse(value.slice(2));
    } catch {
      // not a JSON cookie after all
    }
  }
  return out;
}

export function expressSignature(value: string, secret: string | Uint8Array): string {
  return createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
}

/** The wire form of `value` signed with `secret` (URL-encoded like the `cookie` module does). */
export function signExpressCookie(value: string, secret: string | Uint8Array, encode = true): string {
  const signed = `s:${value}.${expressSignature(value, secret)}`;
  return encode ? encodeURIComponent(signed) : signed;
}
