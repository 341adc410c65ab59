import { Command, CommanderError, Option } from 'commander';
import { ApiwardError, EXIT } from '../core/errors.ts';
import { VERSION } from '../version.ts';
import { registerChecks } from './commands/checks.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDiff } from './commands/diff.ts';
import { registerJwt } from './commands/jwt.ts';
import { registerMcp } from './commands/mcp.ts';
import { registerResults } from './commands/results.ts';
import { registerScan } from './commands/scan.ts';
import { registerScans } from './commands/scans.ts';

/** Entry point: every failure becomes one line on stderr and a documented exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('apiward')
    .description(
      'Black-box API security scanner: authentication, JWT, session and authorization flaws, with proof.',
    )
    .version(VERSION, '-v, --version')
    .addOption(new Option('--debug', 'show internal details on errors'))
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // Usage errors are one line like every other error.
      outputError: (s, write) => write(`apiward: ${oneLine(s.trim())} (run apiward --help for usage)\n`),
    });
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerScan(program, setExit);
  registerDemo(program, setExit);
  registerJwt(program, setExit);
  registerResults(program, setExit);
  registerScans(program);
  registerDiff(program, setExit);
  registerMcp(program);
  registerChecks(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ApiwardError) {
      process.stderr.write(`apiward: error: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `apiward: internal error: ${oneLine(message)}${debug ? '' : ' (run with --debug for details)'}\n`,
    );
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}
