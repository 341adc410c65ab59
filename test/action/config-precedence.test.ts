import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../src/cli/flags.ts';
import { ApiwardError } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'apiward-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('configuration precedence: flags over environment over config file', () => {
  const file = configFile('apiward.config.json', { threshold: 50, rate: 5, failOn: 'low' });

  it('takes each key from the highest-priority source that sets it', () => {
    assert.equal(resolveConfig({ config: file }, {}, dir).threshold, 50);
    assert.equal(resolveConfig({ config: file }, { APIWARD_THRESHOLD: '60' }, dir).threshold, 60);
    assert.equal(
      resolveConfig({ config: file, threshold: '70' }, { APIWARD_THRESHOLD: '60' }, dir).threshold,
      70,
    );
    const mixed = resolveConfig({ config: file, failOn: 'high' }, { APIWARD_RATE: '9' }, dir);
    assert.deepEqual([mixed.threshold, mixed.rate, mixed.failOn], [50, 9, 'high']);
  });

  it('finds the config file from APIWARD_CONFIG or the current directory', () => {
    assert.equal(resolveConfig({}, {}, dir).rate, 5, 'apiward.config.json in the working directory');
    const other = configFile('other.json', { rate: 7 });
    assert.equal(resolveConfig({}, { APIWARD_CONFIG: other }, dir).rate, 7);
  });

  it('rejects a bad key with one clear line naming the file, the key and why', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ treshold: 50 }, /\(top level\): unknown key "treshold"/],
      [{ identities: { alice: { tokne: 'x' } } }, /identities\.alice: unknown key "tokne"/],
      [{ rate: 'fast' }, /rate: must be number/],
      [{ failOn: 'severe' }, /failOn: must be one of critical, high, medium, low, info/],
    ];
    for (const [content, pattern] of cases) {
      const bad = configFile('bad.json', content);
      assert.throws(
        () => resolveConfig({ config: bad }, {}, dir),
        (e: unknown) =>
          e instanceof ApiwardError && e.exitCode === 2 && e.message.includes(bad) && pattern.test(e.message),
        JSON.stringify(content),
      );
    }
  });

  it('documents every config key and points at the JSON Schema', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const schema = JSON.parse(readFileSync(join(root, 'schema/config.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
    };
    const doc = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    assert.match(doc, /schema\/config\.schema\.json/);
    assert.match(doc, /Flags win over environment variables, which win over the\s+config file/);
    for (const key of Object.keys(schema.properties).filter((k) => k !== '$schema')) {
      assert.ok(doc.includes(`\`${key}\``), `docs/configuration.md mentions "${key}"`);
    }
  });
});
