import { type Command, Option } from 'commander';
import { applyBaseline } from '../../baseline/baseline.ts';
import { loadBaseline } from '../../baseline/load.ts';
import { runScan } from '../../engine/scan.ts';
import { FORMATS } from '../../report/format/index.ts';
import { saveScan } from '../../store/save.ts';
import { resolveConfig, type ScanFlags } from '../flags.ts';
import { emitReports, gateExitCode, parseFormats } from '../output.ts';
import { Progress } from '../progress.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the options shared by `scan` and `demo`. */
export function addReportOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '-f, --format <formats>',
        `report format(s), comma-separated: ${FORMATS.join(', ')} (several need --output or --output-dir)`,
      ).default('summary'),
    )
    .option(
      '-o, --output <file>',
      'write the report to a file (with several formats: base name, one extension each)',
    )
    .option('--output-dir <dir>', 'write one file per format into this directory')
    .option('--threshold <score>', 'exit 1 when the score is below this (0-100)')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
    .option('--no-progress', 'no live progress line')
    .option('--debug', 'show internal details on errors');
}

export function registerScan(program: Command, setExit: (code: number) => void): void {
  const command = program
    .command('scan')
    .description('scan a running API and print a graded report')
    .argument('<url>', 'base URL of the API, e.g. http://127.0.0.1:8080')
    .option(
      '-c, --config <file>',
      'config file (default: apiward.config.json/.yaml in the current directory)',
    )
    .option('--spec <file|url>', 'OpenAPI 3.x / Swagger 2.0 document (file, URL, or path on the target)')
    .option('--bearer <token>', 'bearer token for a single identity')
    .option('--api-key <header:value>', 'API key header for a single identity, e.g. "X-API-Key: abc"')
    .option('--basic <user:password>', 'HTTP basic credentials for a single identity')
    .option('--cookie <cookies>', 'cookies for a single identity, e.g. "session=abc"')
    .option('-H, --header <name:value>', 'extra header carrying a credential (repeatable)', collect)
    .option('--login <"METHOD /path">', 'login request for a single identity, e.g. "POST /login"')
    .option('--login-json <json>', 'JSON body of the login request')
    .option('--login-form <k=v&...>', 'form body of the login request')
    .option(
      '--login-extract <rule>',
      'where the credential comes back: json:<path> | cookie:<name> | header:<name>',
    )
    .option('--login-apply <rule>', 'where it goes: header:<name>[:<scheme>] | cookie:<name> | query:<name>')
    .option('--identity <name>', 'name of the identity the credential flags describe', 'user')
    .option('--active', 'allow probes that send methods other than GET/HEAD/OPTIONS')
    .option('--rate <req/s>', 'maximum requests per second (default 150)')
    .option('--concurrency <n>', 'parallel requests (default 10)')
    .option('--timeout <seconds>', 'per-request timeout (default 10)')
    .option('--max-requests <n>', 'request budget for the whole scan (default 2000)')
    .option('--deadline <seconds>', 'whole-scan deadline (default 300)')
    .option('--wordlist <file>', 'extra secrets wordlist for offline cracking (repeatable)', collect)
    .option('--jwt-key <key>', 'signing key for white-box JWT claim tests (repeatable)', collect)
    .option('--checks <ids>', 'run only these checks (comma-separated, * suffix allowed)')
    .option('--exclude-checks <ids>', 'skip these checks')
    .option('--baseline <file>', 'accepted findings (YAML/JSON): report and gate only on what is new')
    .option('--no-save', 'do not save the scan in the local store');
  type Flags = ScanFlags & { progress: boolean; outputDir?: string; baseline?: string; save: boolean };
  addReportOptions(command).action(async (url: string, flags: Flags) => {
    const formats = parseFormats(flags.format);
    const config = resolveConfig(flags, process.env, process.cwd());
    const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
    const progress = new Progress(process.stderr, flags.progress);
    const full = await runScan({ target: url, config, onProgress: (e) => progress.update(e) }).finally(() =>
      progress.done(),
    );
    if (flags.save) saveScan(full, (line) => process.stderr.write(`${line}\n`));
    const report = baseline ? applyBaseline(full, baseline, new Date(), flags.baseline).report : full;
    await emitReports(report, formats, {
      ...(flags.output ? { output: flags.output } : {}),
      ...(flags.outputDir ? { outputDir: flags.outputDir } : {}),
      ...(config.threshold !== undefined ? { threshold: config.threshold } : {}),
      ...(config.failOn ? { failOn: config.failOn } : {}),
    });
    const gate = gateExitCode(report, config);
    if (gate.reason) process.stderr.write(`apiward: gate failed: ${gate.reason}\n`);
    setExit(gate.code);
  });
}
