import type { Exchange, FingerprintSignal } from '../core/types.ts';
import { headerValue, headerValues } from '../http/transport.ts';

/** One piece of stack evidence: a name and a test that returns what it saw, or undefined. */
export interface FingerprintRule {
  kind: FingerprintSignal['kind'];
  name: string;
  confidence: FingerprintSignal['confidence'];
  test(exchange: Exchange): string | undefined;
}

const header = (name: string, pattern: RegExp) => (e: Exchange) => {
  const v = e.response ? headerValue(e.response.headers, name) : undefined;
  return v && pattern.test(v) ? `${name}: ${v}` : undefined;
};
const body = (pattern: RegExp) => (e: Exchange) => {
  const m = e.response?.body.match(pattern);
  return m ? `response body contains "${m[0].slice(0, 80)}"` : undefined;
};
const cookie = (pattern: RegExp, what: string) => (e: Exchange) => {
  const c = e.response
    ? headerValues(e.response.headers, 'set-cookie').find((v) => pattern.test(v))
    : undefined;
  return c ? `${what} (Set-Cookie ${c.split('=')[0]})` : undefined;
};

const anyCookie = (pattern: RegExp, what: string) => (e: Exchange) => {
  const c = e.response
    ? headerValues(e.response.headers, 'set-cookie').find((v) => pattern.test(v.split(';')[0] ?? ''))
    : undefined;
  return c ? `${what} (Set-Cookie ${c.split('=')[0]})` : undefined;
};
/** A signed session cookie the client sends (identities' cookies show the format even without Set-Cookie). */
const sentCookie = (pattern: RegExp, what: string) => (e: Exchange) => {
  const sent = headerValue(e.request.headers, 'cookie');
  const m = sent?.split(/;\s*/).find((kv) => pattern.test(kv));
  return m ? `${what} (cookie ${m.split('=')[0]} sent)` : undefined;
};
const status = (codes: number[], inner: (e: Exchange) => string | undefined) => (e: Exchange) =>
  e.response && codes.includes(e.response.status) ? inner(e) : undefined;

const FLASK_COOKIE = /^session=\.?eyJ[\w-]*\.[\w-]{4,8}\.[\w-]{27}$/;

export const FINGERPRINT_RULES: FingerprintRule[] = [
  // --- Python: Flask / Werkzeug
  { kind: 'server', name: 'werkzeug', confidence: 'confirmed', test: header('server', /werkzeug/i) },
  { kind: 'framework', name: 'flask', confidence: 'likely', test: header('server', /werkzeug/i) },
  {
    kind: 'framework',
    name: 'flask',
    confidence: 'confirmed',
    test: anyCookie(FLASK_COOKIE, 'Flask/itsdangerous signed session cookie'),
  },
  {
    kind: 'framework',
    name: 'flask',
    confidence: 'confirmed',
    test: sentCookie(FLASK_COOKIE, 'Flask/itsdangerous signed session cookie'),
  },
  {
    kind: 'framework',
    name: 'flask',
    confidence: 'confirmed',
    test: body(/Werkzeug powered traceback interpreter|werkzeug\.exceptions/),
  },
  {
    kind: 'framework',
    name: 'flask',
    confidence: 'likely',
    test: status(
      [404],
      body(
        /The requested URL was not found on the server\. If you entered the URL manually please check your spelling/,
      ),
    ),
  },
  {
    kind: 'language',
    name: 'python',
    confidence: 'likely',
    test: header('server', /python|werkzeug|gunicorn|uvicorn|hypercorn|waitress|daphne/i),
  },
  {
    kind: 'language',
    name: 'python',
    confidence: 'confirmed',
    test: body(/Traceback \(most recent call last\)|File "[^"]+\.py", line \d+/),
  },
  // --- Node: Express
  { kind: 'framework', name: 'express', confidence: 'confirmed', test: header('x-powered-by', /express/i) },
  {
    kind: 'framework',
    name: 'express',
    confidence: 'likely',
    test: cookie(/^connect\.sid=s%3A/, 'Express session cookie'),
  },
  {
    kind: 'framework',
    name: 'express',
    confidence: 'likely',
    test: status([404], body(/<pre>Cannot (GET|POST|PUT|DELETE|PATCH|HEAD) \/[^<]*<\/pre>/)),
  },
  {
    kind: 'language',
    name: 'node',
    confidence: 'likely',
    test: header('x-powered-by', /express|next\.js|node|koa|nestjs/i),
  },
  {
    kind: 'framework',
    name: 'koa',
    confidence: 'likely',
    test: cookie(/^koa[.:]sess/, 'Koa session cookie'),
  },
  {
    kind: 'framework',
    name: 'nestjs',
    confidence: 'likely',
    test: body(/"statusCode"\s*:\s*404\s*,\s*"message"\s*:\s*"Cannot (GET|POST)/),
  },
  // --- Django
  {
    kind: 'framework',
    name: 'django',
    confidence: 'likely',
    test: cookie(/^(csrftoken|sessionid)=/, 'Django cookie'),
  },
  {
    kind: 'framework',
    name: 'django',
    confidence: 'confirmed',
    test: body(
      /You(?:'|&#39;|&#x27;)re seeing this error because you have <code>DEBUG = True<\/code>|django\.(core|db|http)\.\w+/,
    ),
  },
  {
    kind: 'framework',
    name: 'django',
    confidence: 'likely',
    test: status(
      [404],
      body(/^\s*<h1>Not Found<\/h1><p>The requested resource was not found on this server\.<\/p>\s*$/),
    ),
  },
  // --- FastAPI / Starlette
  {
    kind: 'framework',
    name: 'fastapi',
    confidence: 'likely',
    test: body(/"detail"\s*:\s*\[\s*\{\s*"(type|loc)"/),
  },
  {
    kind: 'framework',
    name: 'fastapi',
    confidence: 'likely',
    test: (e) =>
      header('server', /uvicorn/i)(e) ? status([404], body(/^\{"detail":"Not Found"\}$/))(e) : undefined,
  },
  { kind: 'server', name: 'uvicorn', confidence: 'confirmed', test: header('server', /uvicorn/i) },
  { kind: 'server', name: 'gunicorn', confidence: 'confirmed', test: header('server', /gunicorn/i) },
  // --- Java: Spring
  {
    kind: 'framework',
    name: 'spring',
    confidence: 'likely',
    test: body(/"timestamp"\s*:.*"status"\s*:\s*\d+.*"error"\s*:.*"path"\s*:/s),
  },
  {
    kind: 'framework',
    name: 'spring',
    confidence: 'confirmed',
    test: body(/Whitelabel Error Page|org\.springframework\.\w+/),
  },
  {
    kind: 'language',
    name: 'java',
    confidence: 'likely',
    test: cookie(/^JSESSIONID=/, 'Java servlet session cookie'),
  },
  { kind: 'server', name: 'tomcat', confidence: 'likely', test: body(/Apache Tomcat\/\d/) },
  // --- Ruby on Rails
  { kind: 'framework', name: 'rails', confidence: 'likely', test: header('x-runtime', /^\d/) },
  {
    kind: 'framework',
    name: 'rails',
    confidence: 'likely',
    test: cookie(/^_[\w-]+_session=/, 'Rails session cookie'),
  },
  // --- PHP / Laravel, ASP.NET, Go
  {
    kind: 'framework',
    name: 'laravel',
    confidence: 'confirmed',
    test: cookie(/^laravel_session=/, 'Laravel session cookie'),
  },
  { kind: 'language', name: 'php', confidence: 'likely', test: header('x-powered-by', /php/i) },
  { kind: 'language', name: 'php', confidence: 'likely', test: cookie(/^PHPSESSID=/, 'PHP session cookie') },
  { kind: 'framework', name: 'aspnet', confidence: 'confirmed', test: header('x-aspnet-version', /\d/) },
  { kind: 'framework', name: 'aspnet', confidence: 'likely', test: header('x-powered-by', /ASP\.NET/i) },
  { kind: 'server', name: 'kestrel', confidence: 'confirmed', test: header('server', /kestrel/i) },
  {
    kind: 'language',
    name: 'go',
    confidence: 'likely',
    test: status([404], body(/^404 page not found\n?$/)),
  },
  // --- servers
  { kind: 'server', name: 'nginx', confidence: 'confirmed', test: header('server', /nginx/i) },
  { kind: 'server', name: 'apache', confidence: 'confirmed', test: header('server', /^apache/i) },
  { kind: 'server', name: 'caddy', confidence: 'confirmed', test: header('server', /caddy/i) },
  { kind: 'server', name: 'iis', confidence: 'confirmed', test: header('server', /Microsoft-IIS/i) },
  { kind: 'server', name: 'envoy', confidence: 'confirmed', test: header('server', /envoy/i) },
  { kind: 'server', name: 'cloudflare', confidence: 'confirmed', test: header('server', /cloudflare/i) },
  { kind: 'server', name: 'node', confidence: 'likely', test: header('x-powered-by', /express/i) },
  // --- datastores, from error text the API returns
  {
    kind: 'datastore',
    name: 'dynamodb',
    confidence: 'confirmed',
    test: body(
      /An error occurred \(\w+Exception\) when calling the (GetItem|PutItem|Query|Scan|UpdateItem|DeleteItem|BatchGetItem|BatchWriteItem|TransactWriteItems|TransactGetItems) operation|ConditionalCheckFailedException|com\.amazonaws\.dynamodb/,
    ),
  },
  {
    kind: 'datastore',
    name: 'dynamodb',
    confidence: 'likely',
    test: body(/ValidationException|ResourceNotFoundException|botocore|dynamodb/i),
  },
  {
    kind: 'datastore',
    name: 'cockroachdb',
    confidence: 'confirmed',
    test: body(/cockroach(db)?\b|crdb_internal/i),
  },
  {
    kind: 'datastore',
    name: 'postgresql',
    confidence: 'confirmed',
    test: body(
      /psycopg2?\.|PG::\w+Error|org\.postgresql|invalid input syntax for (type )?\w+|syntax error at or near|relation "[^"]+" does not exist/,
    ),
  },
  {
    kind: 'datastore',
    name: 'postgresql',
    confidence: 'likely',
    test: body(/SQLSTATE|pq: /),
  },
  {
    kind: 'datastore',
    name: 'mysql',
    confidence: 'likely',
    test: body(/You have an error in your SQL syntax|MySQLdb|pymysql|mysql_|ER_[A-Z_]{6,}/i),
  },
  { kind: 'datastore', name: 'sqlite', confidence: 'likely', test: body(/sqlite3\.\w+Error|SQLITE_ERROR/) },
  {
    kind: 'datastore',
    name: 'mongodb',
    confidence: 'likely',
    test: body(/MongoError|MongoServerError|E11000 duplicate key|Cast to ObjectId failed/),
  },
  {
    kind: 'datastore',
    name: 'redis',
    confidence: 'likely',
    test: body(/redis\.exceptions\.\w+|WRONGTYPE Operation against a key/),
  },
];
