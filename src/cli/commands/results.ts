import type { Command } from 'commander';
import { applyBaseline, baselineFromReport } from '../../baseline/baseline.ts';
import { loadBaseline, writeBaseline } from '../../baseline/load.ts';
import { usageError } from '../../core/errors.ts';
import { FORMATS } from '../../report/format/index.ts';
import { loadReportRef } from '../../store/resolve.ts';
import { ScanStore } from '../../store/store.ts';
import { emitReports, gateExitCode, parseFormats } from '../output.ts';
import { parseFailOn, parseThreshold } from './options.ts';

interface ResultsFlags {
  format: string;
  output?: string;
  outputDir?: string;
  threshold?: string;
  failOn?: string;
  baseline?: string;
  writeBaseline?: string;
  reason?: string;
  expires?: string;
}

export function registerResults(program: Command, setExit: (code: number) => void): void {
  program
    .command('results')
    .description('show a saved scan again, in any format (or accept its findings into a baseline file)')
    .argument('[id]', 'scan id, unambiguous id prefix, "latest", or a JSON report file', 'latest')
    .option('-f, --format <formats>', `report format(s), comma-separated: ${FORMATS.join(', ')}`, 'summary')
    .option('-o, --output <file>', 'write to a file (with several formats: base name, one extension each)')
    .option('--output-dir <dir>', 'write one file per format into this directory')
    .option('--threshold <score>', 'exit 1 when the score is below this (0-100)')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
    .option('--baseline <file>', 'hide findings accepted in this baseline file')
    .option('--write-baseline <file>', 'write a baseline that accepts every finding of this scan')
    .option('--reason <text>', 'with --write-baseline: why the findings are accepted')
    .option('--expires <YYYY-MM-DD>', 'with --write-baseline: when the acceptance lapses')
    .action(async (id: string, flags: ResultsFlags) => {
      const formats = parseFormats(flags.format);
      const threshold = parseThreshold(flags.threshold);
      const failOn = parseFailOn(flags.failOn);
      let store: ScanStore | undefined;
      const openStore = () => {
        store ??= new ScanStore();
        return store;
      };
      try {
        const { report: full } = loadReportRef(id, openStore);
        if (flags.writeBaseline) {
          if (!flags.reason)
            throw usageError('--write-baseline needs --reason "why these findings are accepted"');
          writeBaseline(flags.writeBaseline, baselineFromReport(full, flags.reason, flags.expires));
          process.stderr.write(
            `apiward: ${full.findings.length} finding(s) accepted in ${flags.writeBaseline}\n`,
          );
          return;
        }
        const report = flags.baseline
          ? applyBaseline(full, loadBaseline(flags.baseline), new Date(), flags.baseline).report
          : full;
        await emitReports(report, formats, {
          ...(flags.output ? { output: flags.output } : {}),
          ...(flags.outputDir ? { outputDir: flags.outputDir } : {}),
          ...(threshold !== undefined ? { threshold } : {}),
          ...(failOn ? { failOn } : {}),
        });
        setExit(
          gateExitCode(report, {
            ...(threshold !== undefined ? { threshold } : {}),
            ...(failOn ? { failOn } : {}),
          }).code,
        );
      } finally {
        store?.close();
      }
    });
}
