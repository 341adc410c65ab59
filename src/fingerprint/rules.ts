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

export const FINGERPRINT_RULES: FingerprintRule[] = [
  { kind: 'server', name: 'werkzeug', confidence: 'confirmed', test: header('server', /werkzeug/i) },
  { kind: 'framework', name: 'flask', confidence: 'likely', test: header('server', /werkzeug/i) },
  {
    kind: 'framework',
    name: 'flask',
    confidence: 'confirmed',
    test: cookie(/^session=\.?eyJ[\w-]*\.[\w-]+\.[\w-]+/, 'Flask/itsdangerous signed session cookie'),
  },
  {
    kind: 'framework',
    name: 'flask',
    confidence: 'confirmed',
    test: body(/Werkzeug powered traceback interpreter|werkzeug\.exceptions/),
  },
  {
    kind: 'language',
    name: 'python',
    confidence: 'likely',
    test: header('server', /python|werkzeug|gunicorn|uvicorn/i),
  },
  { kind: 'framework', name: 'express', confidence: 'confirmed', test: header('x-powered-by', /express/i) },
  {
    kind: 'framework',
    name: 'express',
    confidence: 'likely',
    test: cookie(/^connect\.sid=s%3A/, 'Express session cookie'),
  },
  {
    kind: 'language',
    name: 'node',
    confidence: 'likely',
    test: header('x-powered-by', /express|next\.js|node/i),
  },
  {
    kind: 'framework',
    name: 'django',
    confidence: 'likely',
    test: cookie(/^(csrftoken|sessionid)=/, 'Django cookie'),
  },
  {
    kind: 'framework',
    name: 'fastapi',
    confidence: 'likely',
    test: body(/"detail"\s*:\s*\[\s*\{\s*"(type|loc)"/),
  },
  { kind: 'server', name: 'uvicorn', confidence: 'confirmed', test: header('server', /uvicorn/i) },
  {
    kind: 'framework',
    name: 'spring',
    confidence: 'likely',
    test: body(/"timestamp"\s*:.*"status"\s*:\s*\d+.*"error"\s*:.*"path"\s*:/s),
  },
  { kind: 'framework', name: 'rails', confidence: 'likely', test: header('x-runtime', /^\d/) },
  { kind: 'server', name: 'nginx', confidence: 'confirmed', test: header('server', /nginx/i) },
  { kind: 'server', name: 'gunicorn', confidence: 'confirmed', test: header('server', /gunicorn/i) },
  { kind: 'server', name: 'node', confidence: 'likely', test: header('x-powered-by', /express/i) },
  {
    kind: 'datastore',
    name: 'dynamodb',
    confidence: 'confirmed',
    test: body(
      /ValidationException|ResourceNotFoundException|ConditionalCheckFailedException|botocore|GetItem operation|dynamodb/i,
    ),
  },
  { kind: 'datastore', name: 'cockroachdb', confidence: 'confirmed', test: body(/cockroach(db)?/i) },
  {
    kind: 'datastore',
    name: 'postgresql',
    confidence: 'likely',
    test: body(/psycopg2|SQLSTATE|pq: |PG::|relation "[^"]+" does not exist/),
  },
  {
    kind: 'datastore',
    name: 'mysql',
    confidence: 'likely',
    test: body(/You have an error in your SQL syntax|MySQLdb|mysql_/i),
  },
  {
    kind: 'datastore',
    name: 'mongodb',
    confidence: 'likely',
    test: body(/MongoError|MongoServerError|E11000 duplicate key/),
  },
];
