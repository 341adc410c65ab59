/**
 * Loopback test APIs with the session and login flaws of issue #6, and a fixed twin of each.
 * "flasky" keeps a Flask-style signed cookie session; "opaque" keeps server-side session ids.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, readBody, startServer, type TestServer } from '../helpers/server.ts';
import { decodeFlaskCookie, flaskSignatureOk, signFlaskCookie } from './flask-helpers.ts';

export interface Flaws {
  /** Signed client-side cookie with the key "CHANGE_ME" (else server-side random session ids). */
  weakCookie?: boolean;
  enumStatus?: boolean;
  /** Known users answered ~40 ms slower than unknown ones. */
  enumTiming?: boolean;
  noRateLimit?: boolean;
  logoutKeeps?: boolean;
  /** Adopts the session id the login request carried. */
  fixation?: boolean;
  /** The same user always gets the same session id. */
  staticToken?: boolean;
  duplicates?: boolean;
  leak?: boolean;
  debugConsole?: boolean;
  defaultAdmin?: boolean;
  queryCredentials?: boolean;
}

export const ALL_FLAWS: Flaws = {
  weakCookie: true,
  enumStatus: true,
  noRateLimit: true,
  logoutKeeps: true,
  duplicates: true,
  leak: true,
  debugConsole: true,
  defaultAdmin: true,
  queryCredentials: true,
};

interface User {
  id: string;
  email: string;
  password: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WEAK_KEY = 'CHANGE_ME';

export function startApi(flaws: Flaws): Promise<TestServer> {
  const users: User[] = [
    { id: '1', email: 'alice@example.com', password: 'alice-pw' },
    { id: '2', email: 'bob@example.com', password: 'bob-pw' },
  ];
  if (flaws.defaultAdmin) users.push({ id: '3', email: 'admin@example.com', password: 'admin' });
  const sessions = new Map<string, string>();
  const failures = new Map<string, number>();
  const strongKey = randomBytes(32).toString('hex');
  const cookieName = flaws.weakCookie ? 'session' : 'sid';

  const cookiesOf = (req: IncomingMessage) =>
    Object.fromEntries(
      (req.headers.cookie ?? '')
        .split(/;\s*/)
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  const currentUser = (req: IncomingMessage): User | undefined => {
    const value = cookiesOf(req)[cookieName];
    if (!value) return undefined;
    if (flaws.weakCookie) {
      if (!flaskSignatureOk(value, WEAK_KEY)) return undefined;
      const id = (decodeFlaskCookie(value)?.data as { user_id?: string } | undefined)?.user_id;
      return users.find((u) => u.id === id);
    }
    const id = sessions.get(value);
    return users.find((u) => u.id === id);
  };
  const issue = (res: ServerResponse, req: IncomingMessage, user: User): Record<string, string> => {
    let value: string;
    if (flaws.weakCookie) value = signFlaskCookie(JSON.stringify({ user_id: user.id }), WEAK_KEY);
    else {
      const presented = cookiesOf(req)[cookieName];
      value =
        flaws.fixation && presented
          ? presented
          : flaws.staticToken
            ? createHash('sha256').update(`${strongKey}${user.id}`).digest('hex')
            : randomBytes(24).toString('hex');
      sessions.set(value, user.id);
      if (flaws.fixation && presented) return {};
    }
    void res;
    return { 'set-cookie': `${cookieName}=${value}; HttpOnly; Secure; SameSite=Lax; Path=/` };
  };

  return startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/console' && flaws.debugConsole) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><body><h1>Interactive Console</h1><p>In this console you can execute Python expressions</p></body></html>',
      );
      return;
    }
    if (req.method === 'POST' && path === '/login') {
      const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      const email = (body.email ?? (flaws.queryCredentials ? url.searchParams.get('email') : undefined)) as
        | string
        | undefined;
      const password = (body.password ??
        (flaws.queryCredentials ? url.searchParams.get('password') : undefined)) as string | undefined;
      if (typeof email !== 'string' || typeof password !== 'string')
        return json(res, 400, { error: 'email and password required' });
      if (flaws.leak && email.length > 500)
        return json(res, 500, {
          error: 'login failed',
          details:
            'psycopg2.errors.StringDataRightTruncation: value too long for type character varying(255)',
        });
      const fails = failures.get(email) ?? 0;
      if (!flaws.noRateLimit && fails >= 25)
        return json(res, 429, { error: 'too many attempts' }, { 'retry-after': '60' });
      const user = users.find((u) => u.email === email);
      if (flaws.enumTiming) {
        if (user) await sleep(40);
      } else await sleep(3);
      if (!user || user.password !== password) {
        failures.set(email, fails + 1);
        if (flaws.enumStatus)
          return json(res, user ? 401 : 404, { error: user ? 'wrong password' : 'no such user' });
        return json(res, 401, { error: 'invalid credentials' });
      }
      failures.delete(email);
      return json(res, 200, { user_id: user.id }, issue(res, req, user));
    }
    if (req.method === 'POST' && path === '/register') {
      const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      const { email, password } = body;
      if (typeof email !== 'string' || typeof password !== 'string')
        return json(res, 400, { error: 'bad request' });
      if (!flaws.duplicates && users.some((u) => u.email === email))
        return json(res, 409, { error: 'email taken' });
      const user = { id: String(users.length + 1), email, password };
      users.push(user);
      return json(res, 201, { user_id: user.id });
    }
    if (req.method === 'POST' && path === '/logout') {
      const value = cookiesOf(req)[cookieName];
      if (value && !flaws.logoutKeeps) sessions.delete(value);
      return json(res, 200, { status: 'logged out' }, { 'set-cookie': `${cookieName}=; Max-Age=0; Path=/` });
    }
    const user = currentUser(req);
    if (path === '/me') {
      if (!user) return json(res, 401, { error: 'unauthorized' });
      return json(res, 200, { user_id: user.id, email: user.email });
    }
    const item = path.match(/^\/items\/([^/]+)$/);
    if (item) {
      if (!user) return json(res, 401, { error: 'unauthorized' });
      const id = decodeURIComponent(item[1]!);
      if (id.length > 100) {
        if (flaws.leak)
          return json(res, 500, {
            error: 'dynamodb_error',
            details:
              'An error occurred (ValidationException) when calling the GetItem operation: One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes',
          });
        return json(res, 400, { error: 'invalid id' });
      }
      return json(res, 200, { item: id, owner: user.id });
    }
    return json(res, 404, { error: 'not found' });
  });
}

const login = (email: string, password: string, cookie: string) => ({
  login: {
    method: 'POST' as const,
    path: '/login',
    json: { email, password },
    extract: { from: 'cookie' as const, name: cookie },
  },
});

export function identities(flaws: Flaws) {
  const cookie = flaws.weakCookie ? 'session' : 'sid';
  return {
    alice: login('alice@example.com', 'alice-pw', cookie),
    bob: login('bob@example.com', 'bob-pw', cookie),
  };
}

export const ENDPOINTS = ['GET /me', 'GET /items/{id}', 'POST /register', 'POST /logout'];
