import type { Severity } from '../../core/types.ts';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(s: Severity, text: string): string;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const SEVERITY_COLOUR: Record<Severity, (s: string) => string> = {
  critical: code(35, 39),
  high: code(31, 39),
  medium: code(33, 39),
  low: code(36, 39),
  info: code(90, 39),
};

export const colour: Style = {
  bold: code(1, 22),
  dim: code(2, 22),
  severity: (s, text) => SEVERITY_COLOUR[s](text),
};

export const plain: Style = { bold: (s) => s, dim: (s) => s, severity: (_s, text) => text };
