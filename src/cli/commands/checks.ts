import type { Command } from 'commander';
import { loadChecks } from '../../checks/registry.ts';

/** `apiward checks`: the catalogue, from the checks' own metadata. */
export function registerChecks(program: Command): void {
  program
    .command('checks')
    .description('list every check with its id, severity, category and OWASP mapping')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const checks = (await loadChecks()).map((c) => c.meta).sort((a, b) => a.id.localeCompare(b.id));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
        return;
      }
      const width = Math.max(...checks.map((c) => c.id.length));
      for (const c of checks) {
        const mode = c.active ? ' [--active]' : '';
        process.stdout.write(
          `${c.id.padEnd(width)}  ${c.severity.padEnd(8)}  ${c.owasp}  ${c.cwe.padEnd(8)}  ${c.title}${mode}\n`,
        );
      }
    });
}
