import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { EXIT, usageError } from '../../core/errors.ts';
import { diffReports } from '../../diff/diff.ts';
import { DIFF_FORMATS, type DiffFormat, renderDiff } from '../../diff/render.ts';
import { loadReportRef } from '../../store/resolve.ts';
import { ScanStore } from '../../store/store.ts';

export function registerDiff(program: Command, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('compare two scans: new, fixed and changed findings, score and grade; exit 1 on regression')
    .argument('<old>', 'scan id (or prefix) or JSON report file')
    .argument('<new>', 'scan id (or prefix, or "latest") or JSON report file')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices([...DIFF_FORMATS]).default('summary'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((oldRef: string, newRef: string, flags: { format: DiffFormat; output?: string }) => {
      let store: ScanStore | undefined;
      const openStore = () => {
        store ??= new ScanStore();
        return store;
      };
      try {
        const before = loadReportRef(oldRef, openStore).report;
        const after = loadReportRef(newRef, openStore).report;
        const diff = diffReports(before, after);
        const text = renderDiff(diff, flags.format);
        if (flags.output) {
          try {
            writeFileSync(flags.output, text);
          } catch (error) {
            throw usageError(
              `cannot write ${flags.output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
            );
          }
        } else {
          process.stdout.write(text);
        }
        if (diff.regression) process.stderr.write(`apiward: regression: ${diff.reasons.join('; ')}\n`);
        setExit(diff.regression ? EXIT.gate : EXIT.ok);
      } finally {
        store?.close();
      }
    });
}
