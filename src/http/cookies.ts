export interface SetCookie {
  name: string;
  value: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
  domain?: string;
  path?: string;
  expires?: Date;
  maxAge?: number;
  raw: string;
}

/** Parses one Set-Cookie header value (RFC 6265 §5.2, lenient like browsers). Pure. */
export function parseSetCookie(raw: string): SetCookie | undefined {
  const [pair = '', ...attributes] = raw.split(';');
  const eq = pair.indexOf('=');
  // A nameless cookie ("=value" or "value") is treated by browsers as name "" — keep it.
  const name = eq === -1 ? '' : pair.slice(0, eq).trim();
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  if (name === '' && value === '') return undefined;
  const cookie: SetCookie = { name, value, httpOnly: false, secure: false, raw };
  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const key = (i === -1 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const val = i === -1 ? '' : attribute.slice(i + 1).trim();
    if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'samesite') cookie.sameSite = val;
    else if (key === 'domain') cookie.domain = val;
    else if (key === 'path') cookie.path = val;
    else if (key === 'max-age' && /^-?\d+$/.test(val)) cookie.maxAge = Number(val);
    else if (key === 'expires') {
      const d = new Date(val);
      if (!Number.isNaN(d.getTime())) cookie.expires = d;
    }
  }
  return cookie;
}

/** A Set-Cookie that deletes a cookie (empty value, or already expired) says nothing about flags. */
export function isDeletion(cookie: SetCookie, now = Date.now()): boolean {
  if (cookie.maxAge !== undefined && cookie.maxAge <= 0) return true;
  if (cookie.expires && cookie.expires.getTime() <= now) return true;
  return cookie.value === '' || cookie.value === '""';
}

export function parseSetCookies(values: readonly string[]): SetCookie[] {
  return values.map(parseSetCookie).filter((c): c is SetCookie => c !== undefined);
}
