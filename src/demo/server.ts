import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, sendJson as send } from '../http/loopback-server.ts';
import { openapi } from './openapi.ts';

/**
 * A deliberately vulnerable API for `apiward demo`: weak JWT secret, alg=none accepted,
 * an unauthenticated export, OPTIONS bypass, BOLA on /api/users/{id}, a trusted is_admin claim,
 * and a session cookie without flags. Never expose it beyond loopback.
 */
const SECRET = 'secret';

interface User {
  id: number;
  username: string;
  password: string;
  email: string;
  phone: string;
  isAdmin: boolean;
}

const USERS: User[] = [
  {
    id: 1,
    username: 'alice',
    password: 'alice-pw',
    email: 'alice@example.com',
    phone: '+1-555-0101',
    isAdmin: false,
  },
  {
    id: 2,
    username: 'bob',
    password: 'bob-pw',
    email: 'bob@example.com',
    phone: '+1-555-0102',
    isAdmin: false,
  },
  {
    id: 3,
    username: 'admin',
    password: 'admin-pw',
    email: 'admin@example.com',
    phone: '+1-555-0100',
    isAdmin: true,
  },
];

const ORDERS = [
  { id: 101, user_id: 1, item: 'Keyboard', total: 49.9 },
  { id: 102, user_id: 2, item: 'Monitor', total: 219.0 },
];

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

function issueToken(user: User): string {
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({
    sub: String(user.id),
    username: user.username,
    is_admin: user.isAdmin,
    iat: Math.floor(Date.now() / 1000),
  });
  const sig = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** The flaw: trusts the header's alg, so "none" skips verification. */
function verifyToken(token: string): Record<string, unknown> | undefined {
  const [h, p, s = ''] = token.split('.');
  if (!h || !p) return undefined;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    if (String(header.alg).toLowerCase() === 'none') return payload;
    const expected = createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url');
    return expected === s ? payload : undefined;
  } catch {
    return undefined;
  }
}

function caller(req: IncomingMessage): User | undefined {
  const auth = req.headers.authorization ?? '';
  const claims = auth.startsWith('Bearer ') ? verifyToken(auth.slice(7)) : undefined;
  return claims ? USERS.find((u) => String(u.id) === String(claims.sub)) : undefined;
}

function publicUser(u: User) {
  return { id: u.id, username: u.username, email: u.email, phone: u.phone };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://demo');
  const path = url.pathname;
  if (path === '/openapi.json') return send(res, 200, openapi);
  if (path === '/' || path === '/health') return send(res, 200, { service: 'demo-shop', status: 'ok' });
  if (path === '/login' && req.method === 'POST') {
    let creds: { username?: string; password?: string } = {};
    try {
      creds = JSON.parse(await readBody(req, 10_000)) as typeof creds;
    } catch {
      return send(res, 400, { error: 'invalid JSON' });
    }
    const user = USERS.find((u) => u.username === creds.username && u.password === creds.password);
    if (!user) return send(res, 401, { error: 'invalid credentials' });
    return send(
      res,
      200,
      { token: issueToken(user), user_id: user.id },
      {
        'set-cookie': `session=${randomBytes(16).toString('hex')}; Path=/`,
      },
    );
  }
  if (path === '/api/export') {
    return send(res, 200, { users: USERS.map(publicUser) });
  }
  if (path === '/api/orders') {
    if (req.method === 'GET' && !caller(req)) return send(res, 401, { error: 'unauthorized' });
    return send(res, 200, { orders: ORDERS });
  }
  const me = caller(req);
  if (!me) return send(res, 401, { error: 'unauthorized' });
  if (path === '/api/me') return send(res, 200, publicUser(me));
  const userMatch = /^\/api\/users\/(\d+)$/.exec(path);
  if (userMatch) {
    const user = USERS.find((u) => u.id === Number(userMatch[1]));
    return user ? send(res, 200, publicUser(user)) : send(res, 404, { error: 'not found' });
  }
  if (path === '/api/admin/users') {
    return send(res, 200, { users: USERS.map((u) => ({ ...publicUser(u), is_admin: u.isAdmin })) });
  }
  return send(res, 404, { error: 'not found' });
}

export interface RunningDemo {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the demo API on a free loopback port. */
export function startDemoServer(): Promise<RunningDemo> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'internal error' }));
  });
  return listenOnLoopback(server).then((listener) => ({ ...listener, server }));
}

export const DEMO_IDENTITIES = {
  alice: {
    role: 'user',
    login: {
      method: 'POST' as const,
      path: '/login',
      json: { username: 'alice', password: 'alice-pw' },
      extract: { from: 'json' as const, path: 'token' },
    },
  },
  bob: {
    role: 'user',
    login: {
      method: 'POST' as const,
      path: '/login',
      json: { username: 'bob', password: 'bob-pw' },
      extract: { from: 'json' as const, path: 'token' },
    },
  },
};
