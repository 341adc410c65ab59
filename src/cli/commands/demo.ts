import type { Command } from 'commander';
import { DEMO_IDENTITIES, startDemoServer } from '../../demo/server.ts';
import { runScan } from '../../engine/scan.ts';
import { emitReport, gateExitCode, parseFormat } from '../output.ts';
import { Progress } from '../progress.ts';
import { addReportOptions } from './scan.ts';

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  const command = program
    .command('demo')
    .description('start a small deliberately vulnerable API on loopback, scan it, and print the report');
  addReportOptions(command).action(
    async (flags: {
      format?: string;
      output?: string;
      threshold?: string;
      failOn?: string;
      progress: boolean;
    }) => {
      const format = parseFormat(flags.format);
      const demo = await startDemoServer();
      process.stderr.write(`apiward: demo API listening on ${demo.url} (stopped after the scan)\n`);
      const progress = new Progress(process.stderr, flags.progress);
      try {
        const config = {
          identities: DEMO_IDENTITIES,
          ...(flags.threshold ? { threshold: Number(flags.threshold) } : {}),
          ...(flags.failOn ? { failOn: flags.failOn as 'high' } : {}),
        };
        const report = await runScan({ target: demo.url, config, onProgress: (e) => progress.update(e) });
        progress.done();
        emitReport(report, format, flags.output);
        setExit(gateExitCode(report, config).code);
      } finally {
        await demo.close();
      }
    },
  );
}
