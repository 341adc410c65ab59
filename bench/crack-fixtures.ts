/** Shared fixtures for the crack benchmark: the perf-anchors token, a Flask cookie, word list generation. */
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');

/** The miss secret of perf-anchors.md: in no list. */
export const MISS = 'Zq8!vR2#not-in-any-list-2025';

const PAYLOAD = {
  sub: 'user-7f3a9c21-4b8e',
  iat: 1735689600,
  exp: 1735693200,
  iss: 'https://auth.example-corp.com/',
  aud: 'https://api.example-corp.com',
  role: 'member',
};

/** A JWT with a 243-byte signing input (perf-anchors.md), signed with `secret`. */
export function token(alg: 'HS256' | 'HS512', secret: string): string {
  const si = `${b64u(JSON.stringify({ alg, typ: 'JWT' }))}.${b64u(JSON.stringify(PAYLOAD))}`;
  const hash = alg === 'HS256' ? 'sha256' : 'sha512';
  return `${si}.${createHmac(hash, secret).update(si).digest('base64url')}`;
}

/** A Flask session cookie (itsdangerous, salt cookie-session) signed with `secret`. */
export function flaskCookie(secret: string): string {
  const payload = b64u(
    JSON.stringify({ _fresh: true, _id: 'a3f1c9e2b7d4', csrf_token: 'f0e1d2c3b4a5', user_id: '42' }),
  );
  const signed = `${payload}.${b64u(Uint8Array.from([0x67, 0x40, 0x64, 0xaa]))}`;
  const derived = createHmac('sha1', secret).update('cookie-session').digest();
  return `${signed}.${createHmac('sha1', derived).update(signed).digest('base64url')}`;
}

/** Writes `count` random [A-Za-z0-9]{8,16} words, LF-separated (as perf-anchors' gensyn.js). */
export function writeWords(path: string, count: number): void {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const fd = openSync(path, 'w');
  const batch = 100_000;
  const out = Buffer.alloc(batch * 17);
  for (let done = 0; done < count; done += batch) {
    const r = randomBytes(batch * 17);
    let o = 0;
    let k = 0;
    for (let i = 0; i < Math.min(batch, count - done); i++) {
      const len = 8 + (r[k++]! % 9);
      for (let j = 0; j < len; j++) out[o++] = alphabet.charCodeAt(r[k++]! % 62);
      out[o++] = 10;
    }
    writeSync(fd, out, 0, o);
  }
  closeSync(fd);
}
