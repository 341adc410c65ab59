import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeProtectedHeader, exportJWK, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { IdentityConfig, ScanConfig } from '../../src/config/types.ts';
import { json, readBody, startServer, type TestServer } from '../helpers/server.ts';

/**
 * Small JWT APIs on 127.0.0.1, each with one way of validating tokens (flawed or correct).
 * Routes: POST /login, GET /api/profile (the caller's profile), GET /api/admin/stats (admins only),
 * GET /.well-known/jwks.json (asymmetric servers). Users: alice, bob, admin.
 */

export type Claims = Record<string, unknown>;
/** Returns the claims when the token is accepted, undefined when it is refused. */
export type Verify = (token: string) => Promise<Claims | undefined>;

interface User {
  id: number;
  username: string;
  email: string;
  isAdmin: boolean;
}

export const USERS: User[] = [
  { id: 1, username: 'alice', email: 'alice@example.com', isAdmin: false },
  { id: 2, username: 'bob', email: 'bob@example.com', isAdmin: false },
  { id: 3, username: 'admin', email: 'admin@example.com', isAdmin: true },
];

export const ISSUER = 'https://auth.test.example/';
export const AUDIENCE = 'api.test.example';
const HOUR = 3600;

export type Where = 'bearer' | 'cookie' | 'x-token';

export interface ApiOptions {
  issue(user: User): Promise<string>;
  verify: Verify;
  where?: Where;
  /** Also read the token from ?access_token= (the jwt-in-query flaw). */
  queryToken?: boolean;
  jwks?: { keys: JWK[] };
  /** Privilege decision: from the claims (flawed, trusts the token) or from the user record. */
  adminFromClaims?: boolean;
}

function tokenOf(req: IncomingMessage, url: URL, options: ApiOptions): string | undefined {
  if (options.queryToken) {
    const q = url.searchParams.get('access_token');
    if (q) return q;
  }
  switch (options.where ?? 'bearer') {
    case 'bearer': {
      const auth = req.headers.authorization ?? '';
      return auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    }
    case 'cookie': {
      const m = /(?:^|;\s*)auth=([^;]+)/.exec(req.headers.cookie ?? '');
      return m?.[1];
    }
    case 'x-token': {
      const v = req.headers['x-token'];
      return typeof v === 'string' ? v : undefined;
    }
  }
}

export function startJwtApi(options: ApiOptions): Promise<TestServer> {
  return startServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/login' && req.method === 'POST') {
      const { username } = JSON.parse(await readBody(req)) as { username?: string };
      const user = USERS.find((u) => u.username === username);
      if (!user) return json(res, 401, { error: 'invalid credentials' });
      const token = await options.issue(user);
      const cookie: Record<string, string> =
        options.where === 'cookie' ? { 'set-cookie': `auth=${token}; Path=/; HttpOnly` } : {};
      return json(res, 200, { token, user_id: user.id }, cookie);
    }
    if (url.pathname === '/.well-known/jwks.json' && options.jwks) return json(res, 200, options.jwks);
    if (!url.pathname.startsWith('/api/')) return json(res, 404, { error: 'not found' });
    const token = tokenOf(req, url, options);
    let claims: Claims | undefined;
    try {
      claims = token ? await options.verify(token) : undefined;
    } catch {
      claims = undefined;
    }
    const user = claims ? USERS.find((u) => String(u.id) === String(claims.sub)) : undefined;
    if (!claims || !user) return json(res, 401, { error: 'unauthorized' });
    if (url.pathname === '/api/profile') {
      return json(res, 200, { id: user.id, username: user.username, email: user.email });
    }
    if (url.pathname === '/api/admin/stats') {
      const admin = options.adminFromClaims ? claims.is_admin === true : user.isAdmin;
      if (!admin) return json(res, 403, { error: 'forbidden' });
      return json(res, 200, { users: USERS.length, revenue: 1234.5, top: USERS.map((u) => u.username) });
    }
    return json(res, 404, { error: 'not found' });
  });
}

/** Scan config for a server from this file: three identities logging in, two endpoints. */
export function configFor(where: Where = 'bearer', extra: Partial<ScanConfig> = {}): ScanConfig {
  const identity = (username: string, role: string): IdentityConfig => ({
    role,
    login: {
      method: 'POST',
      path: '/login',
      json: { username, password: `${username}-pw` },
      extract: where === 'cookie' ? { from: 'cookie', name: 'auth' } : { from: 'json', path: 'token' },
      ...(where === 'x-token' ? { apply: { in: 'header' as const, name: 'X-Token' } } : {}),
    },
    markers: { username },
  });
  return {
    endpoints: ['GET /api/profile', 'GET /api/admin/stats'],
    identities: {
      alice: identity('alice', 'user'),
      bob: identity('bob', 'user'),
      admin: identity('admin', 'admin'),
    },
    rate: 1000,
    ...extra,
  };
}

const now = () => Math.floor(Date.now() / 1000);

function standardClaims(user: User, lifetime = HOUR): Claims {
  return {
    sub: String(user.id),
    is_admin: user.isAdmin,
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + lifetime,
  };
}

// ---- HMAC ---------------------------------------------------------------------------------------

function hs256(secret: string | Uint8Array, claims: Claims, header: Record<string, unknown> = {}): string {
  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
}

function decodePart(part: string | undefined): Claims {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Claims;
}

/** Signature check by hand so that alg and key handling can be flawed on purpose. */
function hmacValid(token: string, key: string | Uint8Array, hash = 'sha256'): boolean {
  const [h, p, s = ''] = token.split('.');
  const expected = createHmac(hash, key).update(`${h}.${p}`).digest();
  const got = Buffer.from(s, 'base64url');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** The correct way: algorithm pinned, exp/iss/aud required and checked. */
export function strictHs(secret: string): Verify {
  const key = new TextEncoder().encode(secret);
  return async (token) =>
    (
      await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['exp', 'iss', 'aud'],
      })
    ).payload as Claims;
}

export const WEAK_SECRET = 'supersecret';
export const STRONG_SECRET = randomBytes(32).toString('hex');

/** Correct validation but a dictionary secret; privileges from the token's is_admin claim. */
export function weakSecretApi(): Promise<TestServer> {
  return startJwtApi({
    issue: async (u) => hs256(WEAK_SECRET, standardClaims(u)),
    verify: strictHs(WEAK_SECRET),
    adminFromClaims: true,
  });
}

export function correctHsApi(where: Where = 'bearer'): Promise<TestServer> {
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, standardClaims(u)),
    verify: strictHs(STRONG_SECRET),
    where,
  });
}

/** Reads the claims and never looks at the signature (PyJWT verify_signature=False). */
export function verifyNothingApi(): Promise<TestServer> {
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, standardClaims(u)),
    verify: async (token) => decodePart(token.split('.')[1]),
  });
}

/** Trusts the header's alg: "none" (any spelling) skips the signature; exp is required and checked, nothing else. */
export function algNoneApi(where: Where = 'bearer'): Promise<TestServer> {
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, standardClaims(u)),
    where,
    verify: async (token) => {
      const header = decodePart(token.split('.')[0]);
      const claims = decodePart(token.split('.')[1]);
      if (String(header.alg).toLowerCase() !== 'none' && !hmacValid(token, STRONG_SECRET)) return undefined;
      if (typeof claims.exp !== 'number' || claims.exp < now()) return undefined;
      return claims;
    },
  });
}

/** Signature verified, claims never checked (white-box test with the key supplied). */
export function laxClaimsApi(): Promise<TestServer> {
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, standardClaims(u)),
    verify: async (token) => (hmacValid(token, STRONG_SECRET) ? decodePart(token.split('.')[1]) : undefined),
  });
}

/** Correct validation; also takes the token from ?access_token=. */
export function queryTokenApi(): Promise<TestServer> {
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, standardClaims(u)),
    verify: strictHs(STRONG_SECRET),
    queryToken: true,
  });
}

/** The HMAC key is read from a file named by kid: ../../dev/null yields an empty key. */
export function kidFileApi(): Promise<TestServer> {
  const dir = join(mkdtempSync(join(tmpdir(), 'apiward-kid-')), 'keys');
  mkdirSync(dir);
  writeFileSync(join(dir, 'k1'), STRONG_SECRET);
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, standardClaims(u), { kid: 'k1' }),
    verify: async (token) => {
      const header = decodePart(token.split('.')[0]);
      if (header.alg !== 'HS256' || typeof header.kid !== 'string') return undefined;
      let key: Buffer;
      try {
        key = readFileSync(resolve(dir, header.kid));
      } catch {
        return undefined;
      }
      return hmacValid(token, key) ? decodePart(token.split('.')[1]) : undefined;
    },
  });
}

// ---- asymmetric -----------------------------------------------------------------------------------

export interface RsaMaterial {
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JWK;
}

export async function rsaMaterial(): Promise<RsaMaterial> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    jwk: { ...(await exportJWK(publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
  };
}

function rsIssue(m: RsaMaterial, extra: Record<string, unknown> = {}) {
  return (u: User) =>
    new SignJWT(standardClaims(u))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'rs-1', ...extra })
      .sign(m.privateKey);
}

function strictRs(publicKey: KeyObject): Verify {
  return async (token) =>
    (await jwtVerify(token, publicKey, { algorithms: ['RS256'], issuer: ISSUER, audience: AUDIENCE }))
      .payload as Claims;
}

export async function correctRsApi(m?: RsaMaterial): Promise<TestServer> {
  const keys = m ?? (await rsaMaterial());
  return startJwtApi({ issue: rsIssue(keys), verify: strictRs(keys.publicKey), jwks: { keys: [keys.jwk] } });
}

/** RS256 tokens, but the header alg decides: HS256 is checked with the public key's SPKI PEM as secret. */
export async function confusionApi(): Promise<TestServer> {
  const m = await rsaMaterial();
  const pem = m.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return startJwtApi({
    issue: rsIssue(m),
    jwks: { keys: [m.jwk] },
    verify: async (token) => {
      const header = decodePart(token.split('.')[0]);
      if (header.alg === 'HS256') return hmacValid(token, pem) ? decodePart(token.split('.')[1]) : undefined;
      return strictRs(m.publicKey)(token);
    },
  });
}

/** Keys come from the jku URL in the token (loopback only); every fetch is counted. */
export async function jkuApi(): Promise<TestServer & { fetched: string[] }> {
  const m = await rsaMaterial();
  const fetched: string[] = [];
  const server = await startJwtApi({
    issue: rsIssue(m),
    jwks: { keys: [m.jwk] },
    verify: async (token) => {
      const header = decodeProtectedHeader(token);
      if (typeof header.jku !== 'string') return strictRs(m.publicKey)(token);
      if (new URL(header.jku).hostname !== '127.0.0.1') return undefined;
      fetched.push(header.jku);
      const set = (await (await fetch(header.jku)).json()) as { keys: JWK[] };
      const jwk = set.keys.find((k) => k.kid === header.kid) ?? set.keys[0];
      if (!jwk) return undefined;
      const key = await importJWK(jwk, 'RS256');
      return (await jwtVerify(token, key, { algorithms: ['RS256'] })).payload as Claims;
    },
  });
  return Object.assign(server, { fetched });
}

/** Verifies RS256 with the jwk embedded in the token header when there is one. */
export async function embeddedJwkApi(): Promise<TestServer> {
  const m = await rsaMaterial();
  return startJwtApi({
    issue: rsIssue(m),
    jwks: { keys: [m.jwk] },
    verify: async (token) => {
      const header = decodeProtectedHeader(token);
      const key = header.jwk ? await importJWK(header.jwk as JWK, 'RS256') : m.publicKey;
      return (await jwtVerify(token, key, { algorithms: ['RS256'] })).payload as Claims;
    },
  });
}

/** ES256 with the CVE-2022-21449 bug emulated: an all-zero r‖s passes for any key. */
export async function psychicApi(fixed = false): Promise<TestServer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return startJwtApi({
    issue: (u) =>
      new SignJWT(standardClaims(u)).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(privateKey),
    verify: async (token) => {
      const header = decodePart(token.split('.')[0]);
      if (header.alg !== 'ES256') return undefined;
      const sig = Buffer.from(token.split('.')[2] ?? '', 'base64url');
      if (!fixed && sig.length === 64 && sig.every((b) => b === 0)) return decodePart(token.split('.')[1]);
      return (
        await jwtVerify(token, publicKey, { algorithms: ['ES256'], issuer: ISSUER, audience: AUDIENCE })
      ).payload as Claims;
    },
  });
}

/** Answers 200 with the same body to everything. */
export function catchAllApi(): Promise<TestServer> {
  return startServer((_req, res) => json(res, 200, { ok: true, items: [1, 2, 3] }));
}

/** Correct signature and alg checks; tokens carry whatever `claims` returns (audit tests). */
export function issuingApi(claims: (u: User) => Claims): Promise<TestServer> {
  const key = new TextEncoder().encode(STRONG_SECRET);
  return startJwtApi({
    issue: async (u) => hs256(STRONG_SECRET, claims(u)),
    verify: async (token) => (await jwtVerify(token, key, { algorithms: ['HS256'] })).payload as Claims,
  });
}

/** A token for `user` signed with the servers' strong secret (for configs with a static bearer). */
export function strongToken(user: User, claims: Claims = {}): string {
  return hs256(STRONG_SECRET, { ...standardClaims(user), ...claims });
}
