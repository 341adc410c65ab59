import { writeFileSync } from 'node:fs';
import type { ScanConfig } from '../config/types.ts';
import { EXIT, type ExitCode, usageError } from '../core/errors.ts';
import { SEVERITIES } from '../core/types.ts';
import { FORMATS, type FormatName, RENDERERS } from '../report/format/index.ts';
import { colour, plain } from '../report/format/style.ts';
import type { ScanReport } from '../report/types.ts';

export function parseFormat(raw: string | undefined): FormatName {
  const name = raw ?? 'summary';
  if (!(FORMATS as string[]).includes(name))
    throw usageError(`--format expects one of ${FORMATS.join(', ')}, got "${name}"`);
  return name as FormatName;
}

/** Writes the report to the file or stdout; colour only on an interactive terminal. */
export function emitReport(report: ScanReport, format: FormatName, output: string | undefined): void {
  const useColour = !output && process.stdout.isTTY === true && !process.env.NO_COLOR && !process.env.CI;
  const text = RENDERERS[format](report, useColour ? colour : plain);
  if (output) {
    try {
      writeFileSync(output, text);
    } catch (error) {
      throw usageError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    process.stderr.write(
      `apiward: report written to ${output} (score ${report.score}, grade ${report.grade})\n`,
    );
  } else {
    process.stdout.write(text);
  }
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
