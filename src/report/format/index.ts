import type { ScanReport } from '../types.ts';
import type { Style } from './style.ts';
import { renderSummary } from './summary.ts';
import { renderTable } from './table.ts';

export type FormatName = 'summary' | 'table' | 'json';
export const FORMATS: FormatName[] = ['summary', 'table', 'json'];

/** Each format renders the same report; add a format by adding a renderer here. */
export const RENDERERS: Record<FormatName, (report: ScanReport, style?: Style) => string> = {
  summary: renderSummary,
  table: renderTable,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
