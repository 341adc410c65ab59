import { usageError } from '../../core/errors.ts';
import { SEVERITIES, type Severity } from '../../core/types.ts';

export function parseThreshold(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw usageError(`--threshold expects a number 0-100, got "${raw}"`);
  return n;
}

export function parseFailOn(raw: string | undefined): Severity | undefined {
  if (raw === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(raw)) {
    throw usageError(`--fail-on expects one of ${SEVERITIES.join(', ')}, got "${raw}"`);
  }
  return raw as Severity;
}

export function parseLimit(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--limit expects a whole number above 0, got "${raw}"`);
  return n;
}
