/** What an error answer gives away: stack traces, datastore and SQL errors, debugger pages. Pure. */

export type LeakKind = 'stack-trace' | 'dynamodb' | 'sql' | 'sqlstate' | 'mongodb' | 'debugger' | 'exception';

export interface Leak {
  kind: LeakKind;
  /** The matched text, shortened. */
  excerpt: string;
  /** Datastore it names, for the report and the fingerprint. */
  datastore?: string;
}

const RULES: Array<{ kind: LeakKind; pattern: RegExp; datastore?: string }> = [
  {
    kind: 'debugger',
    pattern:
      /Werkzeug powered traceback interpreter|The debugger caught an exception in your WSGI application/,
  },
  {
    kind: 'debugger',
    pattern: /You(?:'|&#39;|&#x27;)re seeing this error because you have <code>DEBUG = True<\/code>/,
  },
  {
    kind: 'debugger',
    pattern:
      /<title>Action Controller: Exception caught<\/title>|Whoops! There was an error\.|<title>Whitelabel Error Page<\/title>[\s\S]*?Exception/,
  },
  {
    kind: 'dynamodb',
    pattern:
      /An error occurred \((?:ValidationException|ResourceNotFoundException|ConditionalCheckFailedException|ProvisionedThroughputExceededException|AccessDeniedException|SerializationException|TransactionCanceledException|ItemCollectionSizeLimitExceededException)\) when calling the \w+ operation[^"\n]{0,160}/,
    datastore: 'dynamodb',
  },
  {
    kind: 'dynamodb',
    pattern: /botocore\.exceptions\.\w+|com\.amazonaws\.dynamodb\.v\d+#\w+Exception/,
    datastore: 'dynamodb',
  },
  { kind: 'sqlstate', pattern: /SQLSTATE\s*[[:]?\s*[0-9A-Z]{5}\]?[^"\n]{0,120}/ },
  {
    kind: 'sql',
    pattern: /psycopg2?\.(?:errors\.)?[A-Z]\w+[^"\n]{0,160}|pq: [^"\n]{5,160}|PG::\w+Error[^"\n]{0,160}/,
    datastore: 'postgresql',
  },
  {
    kind: 'sql',
    pattern:
      /(?:syntax error at or near|unterminated quoted string at or near|invalid input syntax for (?:type )?\w+|relation "[^"]+" does not exist|column "[^"]+" does not exist|duplicate key value violates unique constraint)[^"\n]{0,160}/,
    datastore: 'postgresql',
  },
  {
    kind: 'sql',
    pattern: /crdb_internal|CockroachDB[^"\n]{0,80}|cockroach(?:db)? error[^"\n]{0,80}/i,
    datastore: 'cockroachdb',
  },
  {
    kind: 'sql',
    pattern: /You have an error in your SQL syntax[^"\n]{0,160}|MySQLdb\.\w+|pymysql\.err\.\w+|ER_[A-Z_]{6,}/,
    datastore: 'mysql',
  },
  {
    kind: 'sql',
    pattern: /sqlite3\.(?:Operational|Integrity|Programming)Error[^"\n]{0,160}|SQLITE_ERROR[^"\n]{0,120}/,
    datastore: 'sqlite',
  },
  {
    kind: 'sql',
    pattern:
      /ORA-\d{5}[^"\n]{0,120}|Microsoft OLE DB Provider for SQL Server|Unclosed quotation mark after the character string/,
  },
  {
    kind: 'sql',
    pattern:
      /\b(?:SELECT\s+[\w*,\s."]{1,200}\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\s+["`]?\w+[^"\n]{0,120}/i,
  },
  {
    kind: 'mongodb',
    pattern:
      /MongoServerError[^"\n]{0,120}|MongoError[^"\n]{0,120}|E11000 duplicate key[^"\n]{0,120}|CastError: Cast to ObjectId failed[^"\n]{0,80}/,
    datastore: 'mongodb',
  },
  { kind: 'stack-trace', pattern: /Traceback \(most recent call last\):[\s\S]{0,200}/ },
  { kind: 'stack-trace', pattern: /File \\?"[^"\\]+\.py\\?", line \d+, in \w+/ },
  { kind: 'stack-trace', pattern: /(?:\n|\\n)\s*at [\w$.<>]+ \((?:\/|[A-Za-z]:\\)[^)]+\.[cm]?js:\d+:\d+\)/ },
  {
    kind: 'stack-trace',
    pattern:
      /(?:\n|\\n)\s*at (?:java|javax|org\.springframework|com\.fasterxml)\.[\w$.]+\([\w.]+\.java:\d+\)|\b(?:java\.lang|java\.sql)\.\w+(?:Exception|Error)\b/,
  },
  {
    kind: 'stack-trace',
    pattern: /\bat System\.[\w.]+\(|System\.(?:NullReference|InvalidOperation|Argument)Exception/,
  },
  { kind: 'stack-trace', pattern: /Stack trace:\s*(?:\n|\\n)#0 |PHP (?:Fatal|Parse) error:/ },
  { kind: 'stack-trace', pattern: /\/app\/(?:controllers|models)\/[\w/]+\.rb:\d+:in `/ },
  {
    kind: 'exception',
    pattern:
      /\b(?:KeyError|TypeError|ValueError|AttributeError|IndexError|NameError|UnboundLocalError|NoneType)\b[:(' ][^"\n]{0,120}|'NoneType' object [^"\n]{0,80}/,
  },
];

/** Every distinct leak kind in a body (first match each). */
export function findLeaks(body: string): Leak[] {
  const text = body.slice(0, 200_000);
  const out: Leak[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const m = text.match(rule.pattern);
    if (!m) continue;
    const key = `${rule.kind}:${rule.datastore ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const leak: Leak = { kind: rule.kind, excerpt: m[0].replace(/\s+/g, ' ').slice(0, 200) };
    if (rule.datastore) leak.datastore = rule.datastore;
    out.push(leak);
  }
  return out;
}

const WEIGHT: Record<LeakKind, number> = {
  debugger: 6,
  sql: 5,
  sqlstate: 4,
  dynamodb: 4,
  mongodb: 4,
  'stack-trace': 3,
  exception: 1,
};

export function worst(leaks: readonly Leak[]): Leak | undefined {
  return [...leaks].sort((a, b) => WEIGHT[b.kind] - WEIGHT[a.kind])[0];
}
