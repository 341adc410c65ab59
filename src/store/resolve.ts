import { existsSync, readFileSync } from 'node:fs';
import { usageError } from '../core/errors.ts';
import type { ScanReport } from '../report/types.ts';
import type { ScanStore } from './store.ts';

/** A report named by a store id (or prefix, or "latest") or by a JSON report file. */
export function loadReportRef(ref: string, store: () => ScanStore): { report: ScanReport; source: string } {
  if (existsSync(ref)) return { report: readReportFile(ref), source: ref };
  const stored = store().get(ref);
  if (!stored) throw usageError(`no scan "${ref}" in ${store().path}, and no such report file`);
  return { report: stored.report, source: stored.id };
}

export function readReportFile(path: string): ScanReport {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw usageError(`${path} is not a JSON report: ${(error as Error).message.split('\n')[0]}`);
  }
  const r = data as Partial<ScanReport> | null;
  if (
    !r ||
    typeof r !== 'object' ||
    !r.reportVersion ||
    !Array.isArray(r.findings) ||
    typeof r.score !== 'number'
  ) {
    throw usageError(`${path} is not an apiward JSON report (run apiward scan --format json)`);
  }
  return r as ScanReport;
}
