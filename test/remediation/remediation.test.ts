import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadChecks } from '../../src/checks/registry.ts';
import type { StackFingerprint } from '../../src/core/types.ts';
import { chooseVariant, loadRemediations, remediationFor, variantName } from '../../src/remediation/index.ts';

const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'apiward-remediation-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const files = loadRemediations();
const stack = (s: Partial<StackFingerprint>): StackFingerprint => ({ signals: [], ...s });

describe('remediation data', () => {
  it('every registered check has a remediation file with a generic variant', async () => {
    const checks = await loadChecks();
    assert.ok(checks.length >= 15, `expected the registry to find the checks, got ${checks.length}`);
    const missing = checks
      .map((c) => c.meta.id)
      .filter((id) => !files.get(id)?.variants.some((v) => !v.when));
    assert.deepEqual(missing, [], `checks without a generic remediation variant: ${missing.join(', ')}`);
  });

  it('every variant has a summary, steps, and only known stack conditions', () => {
    for (const [check, file] of files) {
      assert.equal(typeof check, 'string');
      for (const v of file.variants) {
        const where = `${check} [${variantName(v)}]`;
        assert.ok(v.summary.trim().length > 10, `${where}: summary`);
        assert.ok(Array.isArray(v.steps) && v.steps.length > 0, `${where}: steps`);
        for (const s of v.steps) assert.equal(typeof s, 'string', `${where}: a step is not text`);
        for (const key of Object.keys(v.when ?? {}))
          assert.ok(
            ['framework', 'datastore', 'language'].includes(key),
            `${where}: unknown condition ${key}`,
          );
      }
      const names = file.variants.map(variantName);
      assert.equal(new Set(names).size, names.length, `${check}: two variants for the same stack`);
    }
  });

  const samples = [...files].flatMap(([check, file]) =>
    file.variants.filter((v) => v.code).map((v) => ({ check, name: variantName(v), code: v.code! })),
  );
  let n = 0;
  for (const { check, name, code } of samples) {
    const title = `${check} [${name}] ${code.language} sample is syntactically valid`;
    if (code.language === 'python') {
      it(title, { skip: existsSync(PYTHON) ? false : `${PYTHON} not installed` }, () => {
        const file = join(dir, `sample_${n++}.py`);
        writeFileSync(file, code.source);
        try {
          execFileSync(PYTHON, ['-m', 'py_compile', file], { stdio: 'pipe' });
        } catch (error) {
          assert.fail(`${title}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
        }
      });
    } else if (code.language === 'javascript') {
      it(title, () => {
        const file = join(dir, `sample_${n++}.js`);
        writeFileSync(file, code.source);
        try {
          execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
        } catch (error) {
          assert.fail(`${title}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
        }
      });
    } else {
      it(title, { skip: `no syntax checker for ${code.language} in this environment` }, () => {});
    }
  }

  it('the syntax check rejects broken samples (the test can fail)', () => {
    const py = join(dir, 'broken.py');
    writeFileSync(py, 'def f(:\n    pass\n');
    assert.throws(() => execFileSync(PYTHON, ['-m', 'py_compile', py], { stdio: 'pipe' }));
    const js = join(dir, 'broken.js');
    writeFileSync(js, 'function (');
    assert.throws(() => execFileSync(process.execPath, ['--check', js], { stdio: 'pipe' }));
  });
});

describe('variant choice follows the fingerprinted stack', () => {
  const file = files.get('error-leakage')!;

  it('picks the most specific variant whose conditions all hold', () => {
    assert.equal(
      variantName(chooseVariant(file, stack({ framework: 'flask', datastore: 'dynamodb' }))!),
      'flask+dynamodb',
    );
    assert.equal(
      variantName(chooseVariant(file, stack({ framework: 'flask', datastore: 'cockroachdb' }))!),
      'flask+cockroachdb',
    );
    assert.equal(
      variantName(chooseVariant(file, stack({ framework: 'flask', datastore: 'mongodb' }))!),
      'flask',
    );
    assert.equal(variantName(chooseVariant(file, stack({ framework: 'express' }))!), 'express');
  });

  it('falls back to the generic variant for an unknown stack', () => {
    assert.equal(variantName(chooseVariant(file, stack({ framework: 'phoenix' }))!), 'generic');
    assert.equal(remediationFor('session-weak-secret', stack({})).variant, 'generic');
  });

  it('remediationFor carries the chosen code sample', () => {
    const r = remediationFor('duplicate-registration', stack({ framework: 'flask', datastore: 'dynamodb' }));
    assert.equal(r.variant, 'flask+dynamodb');
    assert.match(r.code?.source ?? '', /transact_write_items/);
  });
});
