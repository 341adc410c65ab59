/**
 * A small configurable API for the authorization tests: three users (alice, bob: role user; root:
 * role admin), per-user tokens, and switchable flaws. With no flaws it is the "fixed" twin: each
 * user sees only their own data and the admin sees everything.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityConfig } from '../../src/config/types.ts';
import { json, readBody, startServer, type TestServer } from '../helpers/server.ts';

export type Flaw =
  | 'bola' // GET /users/{id}: any authenticated caller reads any user
  | 'self-compare' // GET /user?user_id=: "ownership" compares the item with the id it was fetched by (seed 001 published)
  | 'shared-token' // login hands everyone the same static token
  | 'listing' // GET /orders lists every user's orders
  | 'bfla' // GET /admin/users answers regular users
  | 'anon-admin' // GET /admin/stats answers anonymous callers
  | 'exposure' // user records carry password_hash
  | 'dup-param' // GET /user: ownership checked on any user_id value, object read from the first
  | 'write' // PATCH /users/{id}: anyone may modify anyone
  | 'mass-assignment'; // PATCH /users/{id}: role accepted from the body

export interface ShopOptions {
  flaws?: Flaw[];
  ids?: 'int' | 'uuid';
}

interface User {
  id: string;
  username: string;
  password: string;
  email: string;
  phone: string;
  role: string;
  bio: string;
  password_hash: string;
}

const UUIDS = [
  '3b9f91ea-ebd2-4851-97ce-ae27e95446ca',
  '0287d6c5-f1a5-4053-900d-c7be48a27348',
  'c029abd7-f283-4b6d-9d38-bf188f18761d',
];

function seed(ids: 'int' | 'uuid'): User[] {
  return ['alice', 'bob', 'root'].map((username, i) => ({
    id: ids === 'int' ? String(i + 1) : UUIDS[i]!,
    username,
    password: `${username}-pw`,
    email: `${username}@example.com`,
    phone: `+1-202-555-01${40 + i}`,
    role: username === 'root' ? 'admin' : 'user',
    bio: `hello from ${username}`,
    password_hash: `$2b$10$${'x'.repeat(22)}${randomBytes(24)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'a')
      .slice(0, 31)}`,
  }));
}

export interface Shop extends TestServer {
  users: User[];
  /** Identities for the scanner config (login flows). */
  identities(names?: string[]): Record<string, IdentityConfig>;
}

export async function startShop(options: ShopOptions = {}): Promise<Shop> {
  const flaws = new Set(options.flaws ?? []);
  const ids = options.ids ?? 'int';
  const users = seed(ids);
  const orders = users.flatMap((u, i) => [
    {
      order_id: ids === 'int' ? String(101 + i) : `ord-${randomBytes(4).toString('hex')}`,
      user_id: u.id,
      item: `thing ${i}`,
      ship_to: `${i} Main St`,
    },
  ]);
  const products = [
    { id: 1, name: 'Keyboard', price: 49 },
    { id: 2, name: 'Mouse', price: 19 },
  ];
  const tokens = new Map<string, User>();
  const STATIC = 'valid_secure_token';

  const view = (u: User) => ({
    id: u.id,
    username: u.username,
    email: u.email,
    phone: u.phone,
    bio: u.bio,
    ...(flaws.has('exposure') ? { password_hash: u.password_hash } : {}),
    ...(flaws.has('mass-assignment') ? { role: u.role } : {}),
    fetched_at: new Date().toISOString(),
  });

  const spec = {
    openapi: '3.0.3',
    info: { title: 'shop', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/login': { post: { security: [], responses: { '200': { description: 'ok' } } } },
      '/me': { get: { operationId: 'me', responses: { '200': { description: 'ok' } } } },
      '/users/{id}': {
        get: {
          operationId: 'getUser',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
        patch: {
          operationId: 'updateUser',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/user': {
        get: {
          operationId: 'findUser',
          parameters: [{ name: 'user_id', in: 'query', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/orders': { get: { operationId: 'listOrders', responses: { '200': { description: 'ok' } } } },
      '/products/{id}': {
        get: {
          security: [],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', example: 1 } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/admin/users': {
        get: { operationId: 'adminListUsers', tags: ['admin'], responses: { '200': { description: 'ok' } } },
      },
      '/admin/stats': {
        get: { operationId: 'adminStats', tags: ['admin'], responses: { '200': { description: 'ok' } } },
      },
    },
  };

  const caller = (req: IncomingMessage): User | undefined => {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return undefined;
    const token = auth.slice(7);
    if (flaws.has('shared-token')) return token === STATIC ? ({ role: 'user' } as User) : undefined;
    return tokens.get(token);
  };
  const mayRead = (me: User, id: string) => flaws.has('bola') || me.id === id || me.role === 'admin';

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://shop');
    const path = url.pathname;
    if (path === '/openapi.json') return json(res, 200, spec);
    if (path === '/') return json(res, 200, { service: 'shop' });
    if (path === '/login' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as { username?: string; password?: string };
      const user = users.find((u) => u.username === body.username && u.password === body.password);
      if (!user) return json(res, 401, { error: 'invalid credentials' });
      const token = flaws.has('shared-token') ? STATIC : randomBytes(24).toString('hex');
      tokens.set(token, user);
      return json(res, 200, { token, user_id: user.id });
    }
    const productMatch = /^\/products\/(\d+)$/.exec(path);
    if (productMatch) {
      const p = products.find((x) => String(x.id) === productMatch[1]);
      return p ? json(res, 200, p) : json(res, 404, { error: 'not found' });
    }
    if (path === '/admin/stats' && flaws.has('anon-admin')) {
      return json(res, 200, { users: users.map((u) => ({ email: u.email, phone: u.phone })) });
    }
    const me = caller(req);
    if (!me) return json(res, 401, { error: 'unauthorized' });
    if (path === '/me') {
      if (!me.id) return json(res, 404, { error: 'no profile' });
      return json(res, 200, view(me));
    }
    const userMatch = /^\/users\/([^/]+)$/.exec(path);
    if (userMatch) {
      const id = decodeURIComponent(userMatch[1]!);
      const target = users.find((u) => u.id === id);
      if (req.method === 'PATCH') {
        if (!target) return json(res, 404, { error: 'not found' });
        if (!(flaws.has('write') || me.id === id || me.role === 'admin'))
          return json(res, 403, { error: 'forbidden' });
        const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
        if (typeof body.bio === 'string') target.bio = body.bio;
        if (flaws.has('mass-assignment') && typeof body.role === 'string') target.role = body.role;
        return json(res, 200, view(target));
      }
      if (!flaws.has('shared-token') && !mayRead(me, id)) return json(res, 403, { error: 'forbidden' });
      return target ? json(res, 200, view(target)) : json(res, 404, { error: 'not found' });
    }
    if (path === '/user') {
      const all = url.searchParams.getAll('user_id');
      const requested = all[0] ?? me.id;
      const item = users.find((u) => u.id === requested);
      if (!item) return json(res, 404, { error: 'Not found' });
      const allowed = flaws.has('self-compare')
        ? item.id === requested // compares the item with the id it was fetched by: always true
        : flaws.has('dup-param')
          ? all.includes(me.id) || me.role === 'admin'
          : requested === me.id || me.role === 'admin';
      if (!allowed) return json(res, 403, { error: 'Forbidden: cannot access other user data' });
      return json(res, 200, view(item));
    }
    if (path === '/orders') {
      const mine =
        flaws.has('listing') || me.role === 'admin' ? orders : orders.filter((o) => o.user_id === me.id);
      return json(res, 200, { orders: mine, page: 1, total: mine.length });
    }
    if (path === '/admin/users' || path === '/admin/stats') {
      if (!(flaws.has('bfla') || me.role === 'admin')) return json(res, 403, { error: 'forbidden' });
      return json(res, 200, { users: users.map((u) => ({ id: u.id, email: u.email, role: u.role })) });
    }
    return json(res, 404, { error: 'not found' });
  };

  const server = await startServer(handler);
  return {
    ...server,
    users,
    identities(names = ['alice', 'bob', 'root']) {
      const out: Record<string, IdentityConfig> = {};
      for (const name of names) {
        out[name] = {
          role: name === 'root' ? 'admin' : 'user',
          login: {
            method: 'POST',
            path: '/login',
            json: { username: name, password: `${name}-pw` },
            extract: { from: 'json', path: 'token' },
          },
        };
      }
      return out;
    },
  };
}
