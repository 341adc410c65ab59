import {
  CATEGORIES,
  type Category,
  type CategoryScore,
  type Confidence,
  type Finding,
  type Severity,
} from '../core/types.ts';

/** Points a category loses for one finding, before the confidence factor. */
export const SEVERITY_DEDUCTION: Record<Severity, number> = {
  critical: 50,
  high: 30,
  medium: 15,
  low: 5,
  info: 0,
};
export const CONFIDENCE_FACTOR: Record<Confidence, number> = { confirmed: 1, likely: 0.5 };
/** Further findings of the same check (other endpoints, other variants) weigh a third each, up to 2× the first. */
export const REPEAT_FACTOR = 1 / 3;

/** Share of the overall score, in approximate order of risk (sums to 100). */
export const CATEGORY_WEIGHT: Record<Category, number> = {
  authentication: 20,
  bola: 18,
  bfla: 12,
  'property-authorization': 10,
  'data-exposure': 10,
  'input-validation': 6,
  'rate-limiting': 6,
  encryption: 6,
  ssrf: 5,
  inventory: 4,
  'unsafe-consumption': 3,
};

/** Caps that stop a single severe flaw from hiding behind many clean categories. */
export const CAPS: Array<{ severity: Severity; confidence: Confidence; max: number }> = [
  { severity: 'critical', confidence: 'confirmed', max: 49 },
  { severity: 'critical', confidence: 'likely', max: 69 },
  { severity: 'high', confidence: 'confirmed', max: 69 },
  { severity: 'high', confidence: 'likely', max: 79 },
];

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

export function grade(score: number): Grade {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

export interface Score {
  score: number;
  grade: Grade;
  categories: CategoryScore[];
}

/** Deterministic: the same findings (in any order) give the same score. Pure. */
export function scoreFindings(findings: readonly Finding[]): Score {
  const categories: CategoryScore[] = CATEGORIES.map((category) => {
    const mine = findings.filter((f) => f.category === category);
    const perCheck = new Map<string, number[]>();
    for (const f of mine) {
      const points = SEVERITY_DEDUCTION[f.severity] * CONFIDENCE_FACTOR[f.confidence];
      perCheck.set(f.check, [...(perCheck.get(f.check) ?? []), points]);
    }
    let lost = 0;
    for (const points of perCheck.values()) {
      const [first = 0, ...rest] = [...points].sort((a, b) => b - a);
      lost += Math.min(first * 2, first + rest.reduce((sum, p) => sum + p * REPEAT_FACTOR, 0));
    }
    return { category, score: Math.max(0, Math.round(100 - lost)), findings: mine.length };
  });
  const totalWeight = CATEGORIES.reduce((s, c) => s + CATEGORY_WEIGHT[c], 0);
  let overall = Math.round(
    categories.reduce((s, c) => s + c.score * CATEGORY_WEIGHT[c.category], 0) / totalWeight,
  );
  for (const cap of CAPS) {
    if (findings.some((f) => f.severity === cap.severity && f.confidence === cap.confidence)) {
      overall = Math.min(overall, cap.max);
    }
  }
  return { score: overall, grade: grade(overall), categories };
}
