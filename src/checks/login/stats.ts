/** Small-sample statistics for timing comparisons. Pure. */

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Standard normal upper tail P(Z > z) (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/**
 * Two-sided Mann–Whitney U test (normal approximation with tie and continuity correction).
 * Returns the p-value of "a and b come from the same distribution".
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 < 2 || n2 < 2) return 1;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = rank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  let r1 = 0;
  for (const [i, item] of all.entries()) if (item.g === 0) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = (Math.abs(u1 - mean) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalTail(Math.max(0, z)));
}

export interface TimingVerdict {
  differs: boolean;
  pValue: number;
  medianA: number;
  medianB: number;
}

/**
 * Timing differs when the rank test is significant at `alpha` AND the medians differ by a margin
 * that network jitter does not produce (at least `minMs` and 30 % of the faster median).
 */
export function timingDiffers(
  a: readonly number[],
  b: readonly number[],
  options: { alpha?: number; minMs?: number } = {},
): TimingVerdict {
  const alpha = options.alpha ?? 0.001;
  const minMs = options.minMs ?? 15;
  const pValue = mannWhitney(a, b);
  const medianA = median(a);
  const medianB = median(b);
  const gap = Math.abs(medianA - medianB);
  const differs = pValue < alpha && gap >= minMs && gap >= 0.3 * Math.min(medianA, medianB);
  return { differs, pValue, medianA, medianB };
}
