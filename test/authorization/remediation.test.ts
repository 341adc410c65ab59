import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { chooseVariant, loadRemediations, variantName } from '../../src/remediation/index.ts';

const IDS = ['bola', 'idor-adjacent-id', 'predictable-ids', 'bfla', 'property-exposure', 'mass-assignment'];
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => (p.includes('/') ? existsSync(p) : true))!;

function compiles(source: string): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "<remediation>", "exec")'], {
      input: source,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

describe('authorization remediation data', () => {
  for (const id of IDS) {
    test(`${id}: generic + flask + flask/dynamodb + flask/postgresql variants, Python that compiles`, () => {
      const file = loadRemediations().get(id);
      assert.ok(file, `src/remediation/data/${id}.yaml exists`);
      const names = file.variants.map(variantName);
      for (const wanted of ['generic', 'flask', 'flask+dynamodb', 'flask+postgresql']) {
        assert.ok(names.includes(wanted), `${id} has a ${wanted} variant`);
      }
      for (const v of file.variants) {
        assert.ok(v.summary.length > 20 && v.steps.length > 0);
        if (v.code?.language === 'python')
          assert.equal(compiles(v.code.source), undefined, `${id} ${variantName(v)}`);
      }
      const picked = chooseVariant(file, { framework: 'flask', datastore: 'dynamodb', signals: [] });
      assert.equal(picked && variantName(picked), 'flask+dynamodb');
    });
  }
});
