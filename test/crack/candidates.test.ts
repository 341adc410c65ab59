import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodePythonLiteral, forEachMutation, SUFFIXES } from '../../src/crack/index.ts';

const text = (b: Uint8Array | undefined): string | undefined => (b ? new TextDecoder().decode(b) : undefined);

/** Python's repr() for str, enough for the property below. */
function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

describe('decodePythonLiteral', () => {
  it('decodes str and bytes literals as Flask-Unsign lists hold them', () => {
    assert.equal(text(decodePythonLiteral("'secret'")), 'secret');
    assert.equal(text(decodePythonLiteral('"it\'s"')), "it's");
    assert.equal(text(decodePythonLiteral("  'padded'  ")), 'padded');
    assert.equal(text(decodePythonLiteral("'x'    # generated using os.urandom(16)")), 'x');
    assert.equal(text(decodePythonLiteral("u'caf\\xe9'")), 'café');
    assert.equal(text(decodePythonLiteral("'\\u00e9\\U0001F600'")), 'é😀');
    assert.equal(text(decodePythonLiteral("r'a\\nb'")), 'a\\nb');
    assert.equal(text(decodePythonLiteral("'\\2\\1key\\e'")), '\u0002\u0001key\\e');
    assert.deepEqual(decodePythonLiteral("b'\\x00\\xff\\n'"), Uint8Array.from([0, 0xff, 10]));
    assert.deepEqual(decodePythonLiteral("B'ab'"), Uint8Array.from([0x61, 0x62]));
    assert.equal(text(decodePythonLiteral("'''tri'ple'''")), "tri'ple");
    // \u is no escape in bytes literals: the backslash stays.
    assert.equal(text(decodePythonLiteral("b'\\u12'")), '\\u12');
  });

  it('refuses lines that are not one literal', () => {
    for (const line of ['secret', "'unterminated", "'a' + 'b'", "b'é'", "'x' y", "ub'x'"]) {
      assert.equal(decodePythonLiteral(line), undefined, line);
    }
  });

  it('round-trips any string through repr()', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        assert.equal(text(decodePythonLiteral(pyRepr(s))), s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('forEachMutation', () => {
  const all = (w: string): string[] => {
    const out: string[] = [];
    forEachMutation(w, (c) => out.push(c));
    return out;
  };

  it('starts with the word itself and never repeats a candidate', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (w) => {
        const out = all(w);
        assert.equal(out[0], w);
        assert.equal(new Set(out).size, out.length);
      }),
    );
  });

  it('covers case variants, suffixes, trimmed whitespace and separator swaps', () => {
    const out = new Set(all(' Super-Secret_key '));
    for (const c of [
      'Super-Secret_key',
      'super-secret-key',
      'SUPER_SECRET_KEY',
      'supersecretkey',
      'Super-secret-key2024!',
    ]) {
      assert.ok(out.has(c), c);
    }
    const changeme = new Set(all('changeme'));
    for (const c of ['Changeme', 'CHANGEME', 'changeme1', 'changeme123', 'Changeme2024', 'changeme!'])
      assert.ok(changeme.has(c), c);
    assert.ok(SUFFIXES.includes('2026'));
  });
});
