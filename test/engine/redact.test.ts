import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { secretForms } from '../../src/engine/secret-forms.ts';
import { REDACTED, Redactor } from '../../src/report/redact.ts';

/** Secrets the redactor is expected to handle: at least 4 characters, not part of its own marker. */
const arbSecret = fc
  .string({ minLength: 4, maxLength: 40, unit: 'binary' })
  .filter((s) => !s.includes('[') && !s.includes(']') && !REDACTED.includes(s));

const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64'),
];

describe('Redactor', () => {
  it('removes a registered secret and its URL-encoded and base64 forms from any text', () => {
    fc.assert(
      fc.property(
        arbSecret,
        fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { minLength: 1, maxLength: 4 }),
        fc.nat(2),
        (secret, fillers, which) => {
          const r = new Redactor();
          r.add(secret);
          const form = forms(secret)[which]!;
          const text = fillers.join(form);
          const out = r.redact(`${text}${form}`);
          for (const f of forms(secret))
            assert.ok(!out.includes(f), `"${f}" survived in ${JSON.stringify(out)}`);
          assert.ok(out.includes(REDACTED));
        },
      ),
    );
  });

  it('removes every one of several secrets, whatever their overlap', () => {
    fc.assert(
      fc.property(fc.array(arbSecret, { minLength: 1, maxLength: 5 }), fc.string(), (secrets, glue) => {
        const r = new Redactor();
        for (const s of secrets) r.add(s);
        const out = r.redact(secrets.flatMap(forms).join(glue));
        for (const s of secrets) {
          for (const f of forms(s)) {
            // a secret that is itself contained in a longer secret is removed with it
            assert.ok(!out.includes(f), `"${f}" survived in ${JSON.stringify(out)}`);
          }
        }
      }),
    );
  });

  it('deep-redacts every string of a report-like value, keys untouched', () => {
    fc.assert(
      fc.property(arbSecret, (secret) => {
        const r = new Redactor();
        r.add(secret);
        const value = {
          a: [`Bearer ${secret}`, { b: `x=${encodeURIComponent(secret)}` }],
          n: 3,
          t: true,
          z: null,
          c: `Basic ${Buffer.from(secret).toString('base64')}`,
        };
        const out = r.redactValue(value);
        for (const text of [out.a[0] as string, (out.a[1] as { b: string }).b, out.c]) {
          for (const f of forms(secret)) assert.ok(!text.includes(f), `"${f}" survived in ${text}`);
        }
        assert.equal(out.n, 3);
        assert.equal(out.z, null);
        assert.deepEqual(Object.keys(out), Object.keys(value));
      }),
    );
  });

  it('ignores empty and very short values rather than redacting common text', () => {
    const r = new Redactor();
    r.add('');
    r.add(undefined);
    r.add('ab');
    assert.equal(r.redact('ab cd'), 'ab cd');
  });

  it('escapes regular-expression characters in secrets', () => {
    const r = new Redactor();
    r.add('a.b*c(d)');
    assert.equal(r.redact('xa.b*c(d)y aXbbc(d)'), `x${REDACTED}y aXbbc(d)`);
  });

  it("with the engine's secret forms, JSON-escaped and form-encoded spellings are removed too", () => {
    fc.assert(
      fc.property(arbSecret, fc.string({ maxLength: 10 }), (secret, glue) => {
        const r = new Redactor();
        for (const form of secretForms(secret)) r.add(form);
        const spellings = [
          ...forms(secret),
          JSON.stringify(secret).slice(1, -1),
          new URLSearchParams({ s: secret }).toString().slice(2),
        ].filter((f) => !REDACTED.includes(f));
        const out = r.redact(
          [JSON.stringify({ password: secret }), `a=1&password=${spellings.at(-1)}`, ...spellings].join(glue),
        );
        for (const f of spellings) assert.ok(!out.includes(f), `"${f}" survived in ${JSON.stringify(out)}`);
      }),
    );
  });
});
