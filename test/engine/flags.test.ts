import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfig, type ScanFlags } from '../../src/cli/flags.ts';
import { ApiwardError, EXIT } from '../../src/core/errors.ts';

const empty = mkdtempSync(join(tmpdir(), 'apiward-flags-'));
const resolveFlags = (flags: ScanFlags, env: NodeJS.ProcessEnv = {}, cwd = empty) =>
  resolveConfig(flags, env, cwd);

function usage(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiwardError);
    assert.equal(e.exitCode, EXIT.usage);
    assert.ok(!e.message.includes('\n'));
    assert.match(e.message, pattern);
    return true;
  });
}

describe('resolveConfig', () => {
  it('turns single-identity flags into an identity', () => {
    const c = resolveFlags({
      bearer: 't0k',
      apiKey: 'X-API-Key: k:with:colons',
      basic: 'bob:p:w',
      cookie: 'sid=1',
      header: ['X-Tenant: acme'],
      identity: 'bob',
    });
    assert.deepEqual(c.identities, {
      bob: {
        bearer: 't0k',
        apiKey: { header: 'X-API-Key', value: 'k:with:colons' },
        basic: { username: 'bob', password: 'p:w' },
        cookie: 'sid=1',
        headers: { 'X-Tenant': 'acme' },
      },
    });
  });

  it('builds a login flow from flags', () => {
    const c = resolveFlags({
      login: 'post /auth/login',
      loginJson: '{"username":"a","password":"b"}',
      loginExtract: 'header:X-Token',
      loginApply: 'header:Authorization:Token',
    });
    assert.deepEqual(c.identities?.user?.login, {
      method: 'POST',
      path: '/auth/login',
      extract: { from: 'header', name: 'X-Token' },
      json: { username: 'a', password: 'b' },
      apply: { in: 'header', name: 'Authorization', scheme: 'Token' },
    });
    const form = resolveFlags({ login: 'POST /login', loginForm: 'u=a&p=b', loginApply: 'query:token' });
    assert.deepEqual(form.identities?.user?.login?.form, { u: 'a', p: 'b' });
    assert.deepEqual(form.identities?.user?.login?.extract, { from: 'json', path: 'token' });
    assert.deepEqual(form.identities?.user?.login?.apply, { in: 'query', name: 'token' });
  });

  it('parses numbers, severities and check lists', () => {
    const c = resolveFlags({
      rate: '12.5',
      concurrency: '3',
      timeout: '2',
      maxRequests: '100',
      deadline: '30',
      threshold: '80',
      failOn: 'medium',
      checks: 'auth-missing, cookie-*',
      excludeChecks: 'security-headers',
      active: true,
    });
    assert.equal(c.rate, 12.5);
    assert.equal(c.concurrency, 3);
    assert.equal(c.maxRequests, 100);
    assert.equal(c.threshold, 80);
    assert.equal(c.failOn, 'medium');
    assert.equal(c.active, true);
    assert.deepEqual(c.checks, { include: ['auth-missing', 'cookie-*'], exclude: ['security-headers'] });
  });

  it('rejects bad values in one line naming the flag', () => {
    usage(() => resolveFlags({ threshold: '101' }), /threshold/);
    usage(() => resolveFlags({ threshold: 'high' }), /--threshold/);
    usage(() => resolveFlags({ threshold: '-1' }), /--threshold/);
    usage(() => resolveFlags({ concurrency: '1.5' }), /--concurrency/);
    usage(() => resolveFlags({ rate: '0' }), /rate/);
    usage(() => resolveFlags({ failOn: 'severe' }), /--fail-on/);
    usage(() => resolveFlags({ apiKey: 'novalue' }), /--api-key/);
    usage(() => resolveFlags({ basic: 'nocolon' }), /--basic/);
    usage(() => resolveFlags({ header: ['bad'] }), /--header/);
    usage(() => resolveFlags({ login: 'DELETE /x' }), /--login/);
    usage(() => resolveFlags({ login: 'POST /login', loginJson: '{nope' }), /--login-json/);
    usage(() => resolveFlags({ login: 'POST /login', loginExtract: 'body:x' }), /--login-extract/);
    usage(() => resolveFlags({ login: 'POST /login', loginApply: 'path:x' }), /--login-apply/);
  });

  it('layers flags over environment over the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiward-flags-'));
    writeFileSync(
      join(dir, 'apiward.config.json'),
      JSON.stringify({ rate: 5, threshold: 50, identities: { user: { role: 'admin', bearer: 'file' } } }),
    );
    const fromFile = resolveFlags({}, {}, dir);
    assert.equal(fromFile.rate, 5);
    const fromEnv = resolveFlags({}, { APIWARD_RATE: '7', APIWARD_BEARER: 'env' }, dir);
    assert.equal(fromEnv.rate, 7);
    assert.deepEqual(fromEnv.identities?.user, { role: 'admin', bearer: 'env' });
    const fromFlags = resolveFlags(
      { rate: '9', bearer: 'flag' },
      { APIWARD_RATE: '7', APIWARD_BEARER: 'env' },
      dir,
    );
    assert.equal(fromFlags.rate, 9);
    assert.equal(fromFlags.identities?.user?.bearer, 'flag');
    assert.equal(fromFlags.threshold, 50);
  });

  it('names the config file when the merged result is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiward-flags-'));
    writeFileSync(join(dir, 'apiward.config.json'), JSON.stringify({ rate: 5, verbose: true }));
    usage(() => resolveFlags({}, {}, dir), /apiward\.config\.json.*unknown key "verbose"/);
    usage(() => resolveFlags({ config: 'nope.yaml' }, {}, dir), /cannot read config file .*nope\.yaml/);
  });
});
