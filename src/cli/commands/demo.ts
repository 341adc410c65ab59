import type { Command } from 'commander';
import { DEMO_IDENTITIES, startDemoServer } from '../../demo/server.ts';
import { runScan } from '../../engine/scan.ts';
import { gateFromFlags } from '../flags.ts';
import { emitReports, gateExitCode, parseFormats } from '../output.ts';
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
      outputDir?: string;
      threshold?: string;
      failOn?: string;
      progress: boolean;
    }) => {
      const formats = parseFormats(flags.format);
      const gate = gateFromFlags(flags);
      const demo = await startDemoServer();
      process.stderr.write(`apiward: demo API listening on ${demo.url} (stopped after the scan)\n`);
      const progress = new Progress(process.stderr, flags.progress);
      try {
        const config = { identities: DEMO_IDENTITIES, ...gate };
        const report = await runScan({ target: demo.url, config, onProgress: (e) => progress.update(e) });
        progress.done();
        await emitReports(report, formats, {
          ...(flags.output ? { output: flags.output } : {}),
          ...(flags.outputDir ? { outputDir: flags.outputDir } : {}),
          ...(config.threshold !== undefined ? { threshold: config.threshold } : {}),
          ...(config.failOn ? { failOn: config.failOn } : {}),
        });
        const verdict = gateExitCode(report, config);
        if (verdict.reason) process.stderr.write(`apiward: gate failed: ${verdict.reason}\n`);
        setExit(verdict.code);
      } finally {
        await demo.close();
      }
    },
  );
}
