import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chooseVariant, loadRemediations } from '../../src/remediation/index.ts';
import { JWT_CHECKS } from './scan.ts';

const PYTHON = '/usr/bin/python3';

describe('JWT remediation data', () => {
  const files = loadRemediations();

  it('every JWT check has a generic variant, and key checks name the Flask/PyJWT fix', () => {
    for (const id of JWT_CHECKS) {
      const file = files.get(id);
      assert.ok(file, `${id}: remediation file missing`);
      assert.ok(
        file.variants.some((v) => !v.when),
        `${id}: generic variant missing`,
      );
      const flask = chooseVariant(file, { framework: 'flask', signals: [] });
      if (id !== 'jwt-psychic-signature')
        assert.equal(flask?.when?.framework, 'flask', `${id}: flask variant`);
    }
    const dynamo = chooseVariant(files.get('jwt-weak-secret')!, {
      framework: 'flask',
      datastore: 'dynamodb',
      signals: [],
    });
    assert.match(dynamo?.code?.source ?? '', /secretsmanager/);
    assert.match(dynamo?.code?.source ?? '', /algorithms=\["HS256"\]/);
    const pg = chooseVariant(files.get('jwt-alg-none')!, {
      framework: 'flask',
      datastore: 'cockroachdb',
      signals: [],
    });
    assert.match(pg?.code?.source ?? '', /cur\.execute\("SELECT id, role FROM users WHERE id = %s"/);
  });

  it('every Python sample compiles', { skip: !existsSync(PYTHON) && 'no /usr/bin/python3' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiward-remediation-'));
    const paths: string[] = [];
    for (const id of JWT_CHECKS) {
      for (const v of files.get(id)?.variants ?? []) {
        if (v.code?.language !== 'python') continue;
        const path = join(dir, `${id.replace(/-/g, '_')}_${paths.length}.py`);
        writeFileSync(path, v.code.source);
        paths.push(path);
      }
    }
    execFileSync(PYTHON, ['-m', 'py_compile', ...paths]);
    assert.ok(paths.length >= 40, `compiled ${paths.length} samples`);
  });
});
