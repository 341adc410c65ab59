import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Exchange, Headers } from '../../src/core/types.ts';
import { FingerprintCollector, summarise } from '../../src/fingerprint/index.ts';
import { signFlaskCookie } from '../../src/session/flask.ts';

function exchange(
  status: number,
  headers: Headers,
  body = '',
  requestHeaders: Record<string, string> = {},
): Exchange {
  return {
    id: 1,
    label: 't',
    identity: 'anonymous',
    request: { method: 'GET', url: 'http://127.0.0.1/x', headers: requestHeaders },
    response: { status, headers, body, bytes: body.length, truncated: false },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
  };
}

function stackOf(...exchanges: Exchange[]) {
  const c = new FingerprintCollector();
  for (const e of exchanges) c.observe(e);
  return c.result();
}

describe('stack fingerprint', () => {
  it('Flask + DynamoDB from a Werkzeug server header, a signed session cookie and a ClientError body', () => {
    const cookie = signFlaskCookie('{"user_id":"1"}', 'k');
    const s = stackOf(
      exchange(200, {
        server: 'Werkzeug/2.2.2 Python/3.11.2',
        'set-cookie': `session=${cookie}; HttpOnly; Path=/`,
      }),
      exchange(
        500,
        {},
        '{"details":"An error occurred (ValidationException) when calling the GetItem operation: x"}',
      ),
    );
    assert.equal(s.framework, 'flask');
    assert.equal(s.server, 'werkzeug');
    assert.equal(s.datastore, 'dynamodb');
    assert.equal(s.language, 'python');
    const flask = s.signals.find((x) => x.kind === 'framework' && x.name === 'flask')!;
    assert.equal(flask.confidence, 'confirmed');
    assert.match(flask.evidence, /session/);
  });

  it('recognises a Flask cookie the client sends even when no Set-Cookie is observed', () => {
    const cookie = signFlaskCookie('{"user_id":"1"}', 'k');
    assert.equal(stackOf(exchange(200, {}, '{}', { cookie: `session=${cookie}` })).framework, 'flask');
  });

  it('prefers CockroachDB over PostgreSQL when both show', () => {
    const s = stackOf(
      exchange(500, {}, 'psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type uuid'),
      exchange(500, {}, 'ERROR: unimplemented (SQLSTATE 0A000) HINT: see cockroachdb issue'),
    );
    assert.equal(s.datastore, 'cockroachdb');
    assert.ok(s.signals.some((x) => x.name === 'postgresql'));
  });

  it('Express, Django, FastAPI, Spring and Rails from their usual traces', () => {
    assert.equal(
      stackOf(exchange(404, { 'x-powered-by': 'Express' }, '<pre>Cannot GET /x</pre>')).framework,
      'express',
    );
    assert.equal(stackOf(exchange(200, { 'set-cookie': 'csrftoken=abc; Path=/' })).framework, 'django');
    assert.equal(
      stackOf(exchange(404, { server: 'uvicorn' }, '{"detail":"Not Found"}')).framework,
      'fastapi',
    );
    assert.equal(stackOf(exchange(500, {}, '<h1>Whitelabel Error Page</h1>')).framework, 'spring');
    assert.equal(stackOf(exchange(200, { 'x-runtime': '0.01' })).framework, 'rails');
    assert.equal(stackOf(exchange(200, { server: 'nginx/1.25' })).server, 'nginx');
  });

  it('says nothing when there is nothing to go on', () => {
    const s = stackOf(exchange(200, { 'content-type': 'application/json' }, '{"ok":true}'));
    assert.deepEqual(s, { signals: [] });
    assert.deepEqual(summarise([]), { signals: [] });
  });

  it('a confirmed signal is not replaced by a likely one', () => {
    const cookie = signFlaskCookie('{"a":1}', 'k');
    const s = stackOf(
      exchange(200, { 'set-cookie': `session=${cookie}` }),
      exchange(200, { server: 'Werkzeug/3.0' }),
    );
    assert.equal(
      s.signals.find((x) => x.kind === 'framework' && x.name === 'flask')!.confidence,
      'confirmed',
    );
  });
});
