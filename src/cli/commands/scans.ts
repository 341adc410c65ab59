import type { Command } from 'commander';
import { ScanStore } from '../../store/store.ts';
import { parseLimit } from './options.ts';

export function registerScans(program: Command): void {
  program
    .command('scans')
    .description('list saved scans, newest first')
    .option('--limit <n>', 'how many (default 20)')
    .option('--target <url>', 'only scans of this target URL')
    .option('--json', 'print JSON')
    .action((flags: { limit?: string; target?: string; json?: boolean }) => {
      const store = new ScanStore();
      try {
        const scans = store.list({
          limit: parseLimit(flags.limit, 20),
          ...(flags.target ? { target: flags.target } : {}),
        });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(scans, null, 2)}\n`);
          return;
        }
        if (scans.length === 0) {
          process.stdout.write(`No saved scans in ${store.path}.\n`);
          return;
        }
        const rows = scans.map((s) => [
          s.id,
          s.createdAt.replace('T', ' ').slice(0, 19),
          `${s.score}`,
          s.grade,
          `${s.findings}`,
          `${s.target}${s.complete ? '' : ' (incomplete)'}`,
        ]);
        const header = ['ID', 'DATE (UTC)', 'SCORE', 'GRADE', 'FINDINGS', 'TARGET'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const line = (cells: string[]) =>
          cells
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd();
        process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
      } finally {
        store.close();
      }
    });
}
