import type { Severity } from '../../core/types.ts';
import type { ScanReport } from '../types.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderPdf } from './pdf.ts';
import { renderSarif } from './sarif.ts';
import type { Style } from './style.ts';
import { renderSummary } from './summary.ts';
import { renderTable } from './table.ts';

export type FormatName = 'summary' | 'table' | 'json' | 'sarif' | 'junit' | 'markdown' | 'html' | 'pdf';
export const FORMATS: FormatName[] = [
  'summary',
  'table',
  'json',
  'sarif',
  'junit',
  'markdown',
  'html',
  'pdf',
];
/** Formats whose output is text (everything but pdf). */
export type TextFormatName = Exclude<FormatName, 'pdf'>;

/** What a renderer may take into account besides the report itself. */
export interface RenderOptions {
  style?: Style;
  /** Findings at or above this severity are failures (JUnit) and fail the gate (Markdown/HTML). */
  failOn?: Severity;
  /** Score under which the gate fails (Markdown/HTML show the verdict). */
  threshold?: number;
}

/** Each text format renders the same report; add a format by adding a renderer here. */
export const RENDERERS: Record<TextFormatName, (report: ScanReport, options?: RenderOptions) => string> = {
  summary: (report, options) => renderSummary(report, options?.style),
  table: (report, options) => renderTable(report, options?.style),
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  sarif: (report) => renderSarif(report),
  junit: (report, options) => renderJunit(report, options),
  markdown: (report, options) => renderMarkdown(report, options),
  html: (report, options) => renderHtml(report, options),
};

/** File name suffix per format, used when several formats are written at once. */
export const EXTENSIONS: Record<FormatName, string> = {
  summary: '.txt',
  table: '.table.txt',
  json: '.json',
  sarif: '.sarif',
  junit: '.junit.xml',
  markdown: '.md',
  html: '.html',
  pdf: '.pdf',
};

export function isFormat(name: string): name is FormatName {
  return (FORMATS as string[]).includes(name);
}

/** Renders any format; PDF goes through a headless Chromium and comes back as bytes. */
export async function render(
  report: ScanReport,
  format: FormatName,
  options: RenderOptions = {},
): Promise<string | Uint8Array> {
  if (format === 'pdf') return renderPdf(report, options);
  return RENDERERS[format](report, options);
}
