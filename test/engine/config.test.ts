import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfigFile, validateConfig } from '../../src/config/load.ts';
import { ApiwardError, EXIT } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'apiward-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Asserts a one-line usage error whose message matches every pattern. */
function usage(fn: () => unknown, ...patterns: RegExp[]) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiwardError, `not an ApiwardError: ${String(e)}`);
    assert.equal(e.exitCode, EXIT.usage);
    assert.ok(!e.message.includes('\n'), `multi-line: ${e.message}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

const complete = {
  target: 'http://127.0.0.1:8080',
  spec: 'openapi.json',
  endpoints: ['GET /user?user_id={user_id}'],
  identities: {
    alice: {
      role: 'user',
      login: {
        method: 'POST',
        path: '/login',
        json: { username: 'alice', password: 'pw' },
        extract: { from: 'json', path: 'token' },
        apply: { in: 'header', name: 'X-Auth-Token' },
        markers: { user_id: 'user.id' },
      },
    },
    bob: { bearer: 'tok' },
    carol: { apiKey: { header: 'X-API-Key', value: 'k' } },
    dave: { basic: { username: 'dave', password: 'pw' } },
    erin: { cookie: 'session=abc', markers: { user_id: '5' } },
  },
  active: false,
  rate: 20,
  concurrency: 4,
  timeout: 5,
  maxRequests: 500,
  deadline: 60,
  threshold: 70,
  failOn: 'high',
  checks: { include: ['auth-*'], exclude: ['auth-method-bypass'] },
};

describe('config files', () => {
  it('loads a complete JSON and the equivalent YAML file', () => {
    assert.deepEqual(loadConfigFile(file('apiward.config.json', JSON.stringify(complete))), complete);
    const yaml = `
target: http://127.0.0.1:8080
identities:
  alice:
    login:
      path: /login
      form: { username: alice, password: pw }
      extract: { from: cookie, name: session }
`;
    const loaded = loadConfigFile(file('apiward.config.yaml', yaml));
    assert.deepEqual(loaded.identities?.alice?.login?.extract, { from: 'cookie', name: 'session' });
  });

  it('names the bad key in one line', () => {
    usage(() => validateConfig({ ...complete, colour: true }, 'c.json'), /c\.json/, /unknown key "colour"/);
    usage(() => validateConfig({ identities: { a: { bearr: 'x' } } }, 'c'), /identities\.a/, /"bearr"/);
    usage(() => validateConfig({ threshold: 101 }, 'c'), /threshold/);
    usage(() => validateConfig({ rate: 0 }, 'c'), /rate/);
    usage(() => validateConfig({ concurrency: 2.5 }, 'c'), /concurrency/);
    usage(() => validateConfig({ failOn: 'severe' }, 'c'), /failOn/, /critical, high, medium, low, info/);
    usage(() => validateConfig({ endpoints: ['FETCH /x'] }, 'c'), /endpoints\.0/);
    usage(
      () => validateConfig({ identities: { a: { login: { path: '/l' } } } }, 'c'),
      /identities\.a\.login/,
      /"extract"/,
    );
    usage(
      () =>
        validateConfig(
          { identities: { a: { login: { path: '/l', extract: { from: 'body', path: 'x' } } } } },
          'c',
        ),
      /identities\.a\.login\.extract/,
    );
    usage(() => validateConfig({ identities: { 'bad name!': {} } }, 'c'), /identities/);
    usage(() => validateConfig([], 'c'), /\(top level\)/);
  });

  it('reports unreadable and unparsable files in one line', () => {
    usage(() => loadConfigFile(join(dir, 'missing.json')), /cannot read config file/, /ENOENT/);
    usage(() => loadConfigFile(dir), /cannot read config file/, /EISDIR/);
    usage(() => loadConfigFile(file('broken.json', '{"rate": ')), /not valid JSON/);
    usage(() => loadConfigFile(file('broken.yaml', 'a: [1, 2\nb: }')), /not valid YAML/);
  });
});
