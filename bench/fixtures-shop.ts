import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, sendJson } from '../src/http/loopback-server.ts';

/**
 * A realistic 20-operation shop API for the scan benchmark: OpenAPI document, JSON login issuing
 * HS256 JWTs (strong random key), per-user data, an admin area, and a few planted flaws:
 * an unauthenticated export, BOLA on /api/users/{id}, an OPTIONS bypass on /api/reports,
 * and a session cookie without flags.
 */
const KEY = randomBytes(32);

interface User {
  id: number;
  username: string;
  password: string;
  email: string;
  admin: boolean;
}

const USERS: User[] = [
  { id: 1, username: 'alice', password: 'alice-bench-pw', email: 'alice@shop.test', admin: false },
  { id: 2, username: 'bob', password: 'bob-bench-pw', email: 'bob@shop.test', admin: false },
  { id: 3, username: 'root', password: 'root-bench-pw', email: 'root@shop.test', admin: true },
];
const ORDERS = USERS.flatMap((u) =>
  [1, 2].map((n) => ({ id: u.id * 100 + n, user_id: u.id, total: 10 * n + u.id, status: 'paid' })),
);
const PRODUCTS = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, name: `Product ${i + 1}`, price: 5 + i }));

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function sign(user: User): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: String(user.id), iat: now, exp: now + 900 })}`;
  return `${head}.${createHmac('sha256', KEY).update(head).digest('base64url')}`;
}

function verify(token: string): User | undefined {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return undefined;
  const expected = createHmac('sha256', KEY).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { sub?: string; exp?: number };
    if (header.alg !== 'HS256' || !claims.exp || claims.exp < Date.now() / 1000) return undefined;
    return USERS.find((u) => String(u.id) === claims.sub);
  } catch {
    return undefined;
  }
}

const secured = { security: [{ bearer: [] }] };
const ok = { responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } } };
const idParam = (name: string, example: number) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'integer', example },
});

export const SHOP_OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'Bench shop', version: '2.1.0' },
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  security: [{ bearer: [] }],
  paths: {
    '/health': { get: { security: [], ...ok } },
    '/login': {
      post: {
        security: [],
        requestBody: { content: { 'application/json': { example: { username: 'u', password: 'p' } } } },
        ...ok,
      },
    },
    '/api/me': { get: { operationId: 'me', ...ok } },
    '/api/users/{id}': { get: { operationId: 'getUser', parameters: [idParam('id', 1)], ...ok } },
    '/api/users/{id}/orders': { get: { parameters: [idParam('id', 1)], ...ok } },
    '/api/orders': { get: { ...ok } },
    '/api/orders/{orderId}': {
      get: { parameters: [idParam('orderId', 101)], ...ok },
      delete: { parameters: [idParam('orderId', 101)], ...ok },
    },
    '/api/products': { get: { security: [], ...ok } },
    '/api/products/{id}': { get: { security: [], parameters: [idParam('id', 1)], ...ok } },
    '/api/search': {
      get: {
        security: [],
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', example: 'pen' } }],
        ...ok,
      },
    },
    '/api/cart': { get: { ...ok } },
    '/api/addresses': { get: { ...ok } },
    '/api/notifications': { get: { ...ok } },
    '/api/settings': { get: { ...ok }, put: { ...secured, ...ok } },
    '/api/reports': { get: { ...ok } },
    '/api/export': { get: { tags: ['admin'], ...ok } },
    '/api/admin/users': { get: { tags: ['admin'], ...ok } },
    '/api/admin/stats': { get: { tags: ['admin'], ...ok } },
  },
};

/** Every answer carries the headers a careful API sends, so the bench measures the planted flaws only. */
function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
}

const mine = (u: User) => ({ id: u.id, username: u.username, email: u.email });

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://shop');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/openapi.json') return send(res, 200, SHOP_OPENAPI);
  if (path === '/' || path === '/health') return send(res, 200, { status: 'ok' });
  if (path === '/login' && method === 'POST') {
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
      { token: sign(user), user_id: user.id },
      { 'set-cookie': `sid=${randomBytes(12).toString('hex')}; Path=/` },
    );
  }
  if (path === '/api/products') return send(res, 200, PRODUCTS);
  const product = /^\/api\/products\/(\d+)$/.exec(path);
  if (product) {
    const p = PRODUCTS.find((x) => x.id === Number(product[1]));
    return p ? send(res, 200, p) : send(res, 404, { error: 'not found' });
  }
  if (path === '/api/search')
    return send(
      res,
      200,
      PRODUCTS.filter((p) => p.name.includes(url.searchParams.get('q') ?? '')),
    );
  // Flaw: the export forgot its authentication.
  if (path === '/api/export') return send(res, 200, { users: USERS.map(mine) });
  const auth = req.headers.authorization ?? '';
  const me = auth.startsWith('Bearer ') ? verify(auth.slice(7)) : undefined;
  // Flaw: OPTIONS on /api/reports runs the handler without the authentication middleware.
  if (path === '/api/reports' && (me || method === 'OPTIONS'))
    return send(res, 200, { reports: [{ id: 1, revenue: 1234 }] });
  if (!me) return send(res, 401, { error: 'unauthorized' });
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
  if (path === '/api/me') return send(res, 200, mine(me));
  const user = /^\/api\/users\/(\d+)(\/orders)?$/.exec(path);
  if (user) {
    const target = USERS.find((u) => u.id === Number(user[1]));
    if (!target) return send(res, 404, { error: 'not found' });
    // Flaw: BOLA on the profile; the orders sub-resource checks ownership.
    if (user[2])
      return target.id === me.id
        ? send(
            res,
            200,
            ORDERS.filter((o) => o.user_id === me.id),
          )
        : send(res, 403, { error: 'forbidden' });
    return send(res, 200, mine(target));
  }
  if (path === '/api/orders')
    return send(
      res,
      200,
      ORDERS.filter((o) => o.user_id === me.id),
    );
  const order = /^\/api\/orders\/(\d+)$/.exec(path);
  if (order) {
    const o = ORDERS.find((x) => x.id === Number(order[1]));
    if (!o) return send(res, 404, { error: 'not found' });
    return o.user_id === me.id ? send(res, 200, o) : send(res, 404, { error: 'not found' });
  }
  if (path === '/api/cart') return send(res, 200, { owner: me.id, items: [{ product: 1, qty: me.id }] });
  if (path === '/api/addresses') return send(res, 200, [{ owner: me.id, city: `City ${me.id}` }]);
  if (path === '/api/notifications') return send(res, 200, [{ to: me.id, text: 'Your order shipped' }]);
  if (path === '/api/settings') return send(res, 200, { owner: me.id, newsletter: me.id % 2 === 0 });
  if (path.startsWith('/api/admin/')) {
    if (!me.admin) return send(res, 403, { error: 'forbidden' });
    return send(
      res,
      200,
      path.endsWith('users') ? USERS.map(mine) : { users: USERS.length, orders: ORDERS.length },
    );
  }
  return send(res, 404, { error: 'not found' });
}

export interface RunningShop {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

/** Starts the shop on a free loopback port; counts the requests it receives. */
export function startShop(): Promise<RunningShop> {
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    handle(req, res).catch(() => send(res, 500, { error: 'internal error' }));
  });
  return listenOnLoopback(server).then(({ url, close }) => ({ url, requests: () => count, close }));
}

const login = (username: string, password: string) => ({
  method: 'POST' as const,
  path: '/login',
  json: { username, password },
  extract: { from: 'json' as const, path: 'token' },
});

export const SHOP_IDENTITIES = {
  alice: { role: 'user', login: login('alice', 'alice-bench-pw') },
  bob: { role: 'user', login: login('bob', 'bob-bench-pw') },
};
