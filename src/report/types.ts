import type { CategoryScore, CheckError, Finding, StackFingerprint } from '../core/types.ts';
import type { Grade } from './score.ts';

export const REPORT_VERSION = '1.0';

export interface ReportIdentity {
  name: string;
  role?: string;
  authenticated: boolean;
}

/** The versioned JSON report (schema/report.schema.json). Every other format renders from it. */
export interface ScanReport {
  reportVersion: typeof REPORT_VERSION;
  tool: { name: 'apiward'; version: string };
  target: { url: string; spec?: string; specVersion?: string; endpoints: number };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  requestsSent: number;
  /** false when the deadline or the request budget cut the scan short. */
  complete: boolean;
  warnings: string[];
  identities: ReportIdentity[];
  fingerprint: StackFingerprint;
  score: number;
  grade: Grade;
  categories: CategoryScore[];
  checksRun: string[];
  findings: Finding[];
  checkErrors: CheckError[];
  /** Extra sections contributed by checks (e.g. the authorization matrix). */
  sections?: Record<string, unknown>;
}
