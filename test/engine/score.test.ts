import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CATEGORIES,
  type Category,
  type Confidence,
  type Finding,
  SEVERITIES,
  type Severity,
} from '../../src/core/types.ts';
import { CATEGORY_WEIGHT, grade, scoreFindings } from '../../src/report/score.ts';

function finding(
  check: string,
  severity: Severity,
  category: Category,
  confidence: Confidence = 'confirmed',
  path = '/x',
): Finding {
  return {
    id: `${check}-${path}-${severity}`,
    check,
    title: check,
    severity,
    confidence,
    category,
    owasp: 'API2:2023',
    cwe: 'CWE-287',
    compliance: [],
    endpoint: { method: 'GET', path },
    description: '',
    evidence: { summary: '', exchanges: [] },
    remediation: { summary: '', variant: 'generic', steps: [] },
    references: [],
  };
}

const arbFinding = fc
  .record({
    check: fc.constantFrom('a', 'b', 'c', 'd'),
    severity: fc.constantFrom(...SEVERITIES),
    category: fc.constantFrom(...CATEGORIES),
    confidence: fc.constantFrom<Confidence>('confirmed', 'likely'),
    path: fc.constantFrom('/p', '/q', '/r'),
  })
  .map((r) => finding(r.check, r.severity, r.category, r.confidence, r.path));

describe('scoreFindings', () => {
  it('gives 100 and A with no findings, and category weights sum to 100', () => {
    const s = scoreFindings([]);
    assert.equal(s.score, 100);
    assert.equal(s.grade, 'A');
    assert.equal(s.categories.length, CATEGORIES.length);
    assert.ok(s.categories.every((c) => c.score === 100 && c.findings === 0));
    assert.equal(
      Object.values(CATEGORY_WEIGHT).reduce((a, b) => a + b, 0),
      100,
    );
  });

  it('is deterministic and independent of finding order', () => {
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 25 }), fc.integer(), (findings, seed) => {
        const shuffled = [...findings].sort(
          (x, y) => (hash(x.id + seed) - hash(y.id + seed)) | 0 || x.id.localeCompare(y.id),
        );
        assert.deepEqual(scoreFindings(shuffled), scoreFindings(findings));
      }),
    );
  });

  it('stays within 0..100 and never rises when a finding is added', () => {
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 20 }), arbFinding, (findings, extra) => {
        const before = scoreFindings(findings).score;
        const after = scoreFindings([...findings, extra]).score;
        assert.ok(after >= 0 && after <= 100);
        assert.ok(after <= before, `${after} > ${before}`);
      }),
    );
  });

  it('caps the overall score for severe findings whatever the category', () => {
    for (const category of CATEGORIES) {
      assert.ok(scoreFindings([finding('c', 'critical', category)]).score <= 49, category);
      assert.ok(scoreFindings([finding('c', 'critical', category, 'likely')]).score <= 69, category);
      assert.ok(scoreFindings([finding('c', 'high', category)]).score <= 69, category);
      assert.ok(scoreFindings([finding('c', 'high', category, 'likely')]).score <= 79, category);
    }
    // A low finding in a light category does not trigger a cap.
    assert.ok(scoreFindings([finding('c', 'low', 'unsafe-consumption')]).score >= 90);
  });

  it('weights confidence and severity, and repeats of one check weigh less', () => {
    const cat = (fs: Finding[]) => scoreFindings(fs).categories.find((c) => c.category === 'bola')!;
    assert.equal(cat([finding('x', 'high', 'bola')]).score, 70);
    assert.equal(cat([finding('x', 'high', 'bola', 'likely')]).score, 85);
    assert.equal(cat([finding('x', 'medium', 'bola')]).score, 85);
    assert.equal(cat([finding('x', 'info', 'bola')]).score, 100);
    // same check on 3 endpoints: 30 + 30/3 + 30/3 = 50, capped at 2 × 30
    assert.equal(cat(['/a', '/b', '/c'].map((p) => finding('x', 'high', 'bola', 'confirmed', p))).score, 50);
    const many = Array.from({ length: 20 }, (_, i) => finding('x', 'high', 'bola', 'confirmed', `/${i}`));
    assert.equal(cat(many).score, 40);
    // two different checks count in full
    assert.equal(cat([finding('x', 'high', 'bola'), finding('y', 'high', 'bola')]).score, 40);
    assert.equal(cat(many).findings, 20);
  });

  it('grades by score band', () => {
    assert.deepEqual([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(grade), [
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
      'F',
      'F',
    ]);
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 15 }), (findings) => {
        const s = scoreFindings(findings);
        assert.equal(s.grade, grade(s.score));
      }),
    );
  });
});

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
