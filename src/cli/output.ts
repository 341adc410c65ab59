import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanConfig } from '../config/types.ts';
import { EXIT, type ExitCode, usageError } from '../core/errors.ts';
import { SEVERITIES } from '../core/types.ts';
import { EXTENSIONS, FORMATS, type FormatName, isFormat, render } from '../report/format/index.ts';
import { colour, plain } from '../report/format/style.ts';
import type { ScanReport } from '../report/types.ts';

/** `--format json` or `--format sarif,junit,html`: one or more formats, in order, without repeats. */
export function parseFormats(raw: string | undefined): FormatName[] {
  const names = (raw ?? 'summary')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw usageError(`--format expects one or more of ${FORMATS.join(', ')}`);
  for (const name of names) {
    if (!isFormat(name))
      throw usageError(`--format expects one or more of ${FORMATS.join(', ')}, got "${name}"`);
  }
  return [...new Set(names)] as FormatName[];
}

export interface OutputTarget {
  /** A file for one format; a base name (extension added per format) for several. */
  output?: string;
  /** A directory that receives one file per format. */
  outputDir?: string;
}

/** Where each format goes; undefined means stdout (a single format and no destination). Pure. */
export function outputPaths(
  formats: readonly FormatName[],
  target: OutputTarget,
): Map<FormatName, string> | undefined {
  if (!target.outputDir && !target.output) {
    if (formats.length > 1) {
      throw usageError(
        'several formats need --output <base name> or --output-dir <dir> (one file per format)',
      );
    }
    return undefined;
  }
  if (formats.length === 1 && target.output && !target.outputDir)
    return new Map([[formats[0]!, target.output]]);
  const base = stripExtension(target.output ?? 'apiward-report');
  const prefix = target.outputDir ? join(target.outputDir, base) : base;
  return new Map(formats.map((f) => [f, `${prefix}${EXTENSIONS[f]}`]));
}

function stripExtension(name: string): string {
  const known = Object.values(EXTENSIONS).sort((a, b) => b.length - a.length);
  const ext = known.find((e) => name.endsWith(e));
  return ext ? name.slice(0, -ext.length) : name;
}

export interface EmitOptions extends OutputTarget {
  threshold?: number;
  failOn?: ScanConfig['failOn'];
}

/** Writes every requested format (files, or stdout for a single one); colour only on an interactive terminal. */
export async function emitReports(
  report: ScanReport,
  formats: readonly FormatName[],
  options: EmitOptions,
): Promise<string[]> {
  const paths = outputPaths(formats, options);
  const renderOptions = {
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.failOn ? { failOn: options.failOn } : {}),
  };
  if (!paths) {
    const format = formats[0]!;
    if (format === 'pdf' && process.stdout.isTTY)
      throw usageError('--format pdf needs --output <file> on a terminal');
    const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR && !process.env.CI;
    const out = await render(report, format, { ...renderOptions, style: useColour ? colour : plain });
    process.stdout.write(out);
    return [];
  }
  if (options.outputDir) mkdirSync(options.outputDir, { recursive: true });
  const written: string[] = [];
  for (const [format, path] of paths) {
    const out = await render(report, format, renderOptions);
    try {
      writeFileSync(path, out);
    } catch (error) {
      throw usageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    written.push(path);
  }
  process.stderr.write(
    `apiward: report written to ${written.join(', ')} (score ${report.score}, grade ${report.grade})\n`,
  );
  return written;
}

/** Gate decision: exit 1 when the score is under the threshold or a finding reaches --fail-on. Pure. */
export function gateExitCode(report: ScanReport, config: ScanConfig): { code: ExitCode; reason?: string } {
  if (config.threshold !== undefined && report.score < config.threshold) {
    return { code: EXIT.gate, reason: `score ${report.score} is below the threshold ${config.threshold}` };
  }
  if (config.failOn) {
    const limit = SEVERITIES.indexOf(config.failOn);
    const hits = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
    if (hits.length > 0)
      return { code: EXIT.gate, reason: `${hits.length} finding(s) at or above ${config.failOn}` };
  }
  return { code: EXIT.ok };
}
