// Static consistency of the lab's ground truth, configs and exploit inventory (no processes started).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { exploitExists } from '../../lab/exploit.ts';
import { APP_SPECS, resolveApps } from '../../lab/registry.ts';
import { CHECK_IDS, loadTruth, parseTruth } from '../../lab/truth.ts';
import { listCheckIds } from '../../src/checks/registry.ts';

const BUILT = new Set(listCheckIds());

const key = (e: { check: string; endpoint: string }): string => `${e.check} ${e.endpoint}`;

describe('lab ground truth', () => {
  test('15 apps: five seeds in three variants', () => {
    assert.equal(APP_SPECS.length, 15);
    assert.deepEqual(
      resolveApps(['003']).map((a) => a.id),
      ['003-vulnerable', '003-published', '003-fixed'],
    );
  });

  for (const spec of APP_SPECS) {
    test(`${spec.id}: truth parses, names real checks and existing exploits`, () => {
      const truth = loadTruth(spec.truthPath);
      assert.equal(truth.app, spec.id);
      assert.equal(truth.variant, spec.variant);
      assert.equal(truth.seed, spec.seed);
      for (const e of [...truth.must, ...truth.mustNot]) {
        assert.ok(!e.exploit || exploitExists(e.exploit), `${spec.id}: missing exploit ${e.exploit}`);
      }
      const mustKeys = new Set(truth.must.map(key));
      for (const n of truth.mustNot)
        assert.ok(!mustKeys.has(key(n)), `${spec.id}: ${key(n)} in must and mustNot`);
      // Pending may only mark a check that does not exist yet; it can never hide a miss of a built one.
      for (const m of truth.must) {
        assert.equal(m.pending === undefined, BUILT.has(m.check), `${spec.id}: pending of ${m.check}`);
      }
      const negativeChecks = new Set(truth.mustNot.map((n) => n.check));
      for (const c of truth.incidental ?? [])
        assert.ok(!negativeChecks.has(c), `${spec.id}: ${c} incidental and mustNot`);
      if (spec.variant === 'fixed') assert.equal(truth.must.length, 0);
      else assert.ok(truth.must.length >= 3, `${spec.id} plants too little`);
    });
  }

  for (const seed of new Set(APP_SPECS.map((s) => s.seed))) {
    test(`${seed}-fixed must not have any flaw of its twins`, () => {
      const fixed = new Set(
        loadTruth(APP_SPECS.find((s) => s.id === `${seed}-fixed`)!.truthPath).mustNot.map(key),
      );
      for (const variant of ['vulnerable', 'published']) {
        const twin = loadTruth(APP_SPECS.find((s) => s.id === `${seed}-${variant}`)!.truthPath);
        for (const m of twin.must) assert.ok(fixed.has(key(m)), `${seed}-fixed mustNot lacks ${key(m)}`);
      }
    });

    test(`${seed}: scanner configs name alice, bob and admin with login flows`, () => {
      for (const spec of APP_SPECS.filter((s) => s.seed === seed)) {
        const config = JSON.parse(readFileSync(spec.configPath, 'utf8')) as {
          spec?: string;
          endpoints?: string[];
          identities: Record<string, { role?: string; login?: { path: string } }>;
        };
        assert.deepEqual(Object.keys(config.identities).sort(), ['admin', 'alice', 'bob']);
        assert.equal(config.identities.admin?.role, 'admin');
        for (const id of Object.values(config.identities)) assert.equal(id.login?.path, '/login');
        assert.ok(config.spec || (config.endpoints?.length ?? 0) > 0, `${spec.id}: no spec and no endpoints`);
      }
    });
  }

  test('parseTruth rejects unknown check ids, bad endpoints and bad variants', () => {
    const base = { app: 'x', seed: '000', variant: 'fixed', must: [], mustNot: [] };
    assert.doesNotThrow(() => parseTruth('t', JSON.stringify(base)));
    assert.throws(
      () => parseTruth('t', JSON.stringify({ ...base, mustNot: [{ check: 'nope', endpoint: '*' }] })),
      /unknown check id/,
    );
    assert.throws(
      () => parseTruth('t', JSON.stringify({ ...base, mustNot: [{ check: 'bola', endpoint: 'FETCH /x' }] })),
      /bad endpoint/,
    );
    assert.throws(() => parseTruth('t', JSON.stringify({ ...base, variant: 'patched' })), /bad variant/);
  });

  test('parseTruth round-trips any well-formed truth document', () => {
    const entry = fc.record({
      check: fc.constantFrom(...CHECK_IDS),
      owasp: fc.constantFrom('API1:2023', 'API2:2023', 'API10:2023'),
      endpoint: fc.oneof(
        fc.constant('*'),
        fc
          .tuple(fc.constantFrom('GET', 'POST', 'DELETE'), fc.stringMatching(/^[a-z{}/_]{0,20}$/))
          .map(([m, p]) => `${m} /${p}`),
      ),
      exploit: fc.stringMatching(/^[a-z0-9_]{1,20}$/),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        fc.constantFrom('vulnerable', 'published'),
        (must, variant) => {
          const doc = {
            app: 'a',
            seed: '000',
            variant,
            must,
            mustNot: must.map(({ check, endpoint }) => ({ check, endpoint })),
          };
          assert.deepEqual(parseTruth('t', JSON.stringify(doc)), JSON.parse(JSON.stringify(doc)));
        },
      ),
    );
  });
});
