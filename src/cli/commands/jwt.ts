import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, usageError } from '../../core/errors.ts';
import { type CandidateSource, type CrackProgress, type CrackTarget, crack } from '../../crack/index.ts';
import {
  type AuditIssue,
  auditToken,
  crackTargetOf,
  humanDuration,
  type InspectedToken,
  inspectToken,
  isHmacAlg,
  JwtParseError,
  type ParsedJwt,
} from '../../jwt/index.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `apiward jwt <token>` (decode + audit, offline) and `apiward jwt crack <token>` (HMAC secret search). */
export function registerJwt(program: Command, setExit: (code: number) => void): void {
  const jwt = program
    .command('jwt')
    .description('decode and audit a JWT offline (no request is sent); "jwt crack" searches its HMAC secret')
    .argument('[token]', 'the token, "Bearer <token>", or - to read it from stdin')
    .option('--json', 'print the decoded token and the audit as JSON')
    .action((token: string | undefined, flags: { json?: boolean }) => {
      const inspected = readToken(token);
      process.stdout.write(
        flags.json ? `${JSON.stringify(decodeJson(inspected), null, 2)}\n` : decodeText(inspected),
      );
      setExit(EXIT.ok);
    });
  jwt
    .command('crack')
    .description('search the HMAC secret of an HS256/384/512 token offline: built-in list, then word lists')
    .argument('<token>', 'the token, "Bearer <token>", or - to read it from stdin')
    .option('-w, --wordlist <file>', 'word list, one secret per line (repeatable)', collect)
    .option('--no-builtin', 'skip the built-in list of default and example secrets')
    .option('--mutations', 'also try case, separator and suffix variants of every candidate')
    .option('--workers <n>', 'worker threads (default: every core)')
    .option('--no-progress', 'no progress on stderr')
    .action(
      async (
        token: string,
        flags: {
          wordlist?: string[];
          builtin: boolean;
          mutations?: boolean;
          workers?: string;
          progress: boolean;
        },
      ) => {
        setExit(await runCrack(token, flags));
      },
    );
}

/** Reads the token argument: "-" means stdin; a leading auth scheme ("Bearer ") is dropped. */
function readToken(raw: string | undefined): InspectedToken {
  if (raw === undefined) throw usageError('missing token: apiward jwt <token> (or - to read stdin)');
  return tokenFromText(raw === '-' ? readFileSync(0, 'utf8') : raw);
}

/** Parses a token as typed or pasted (auth scheme prefix allowed). Throws a usage error (exit 2) with one line. */
export function tokenFromText(text: string): InspectedToken {
  const token = text.trim().replace(/^(bearer|jwt|token)\s+/i, '');
  try {
    return inspectToken(token);
  } catch (error) {
    if (error instanceof JwtParseError) throw usageError(`not a JWT: ${error.message}`);
    throw error;
  }
}

function decodeJson(inspected: InspectedToken): unknown {
  if (inspected.kind === 'jwe') return { kind: 'jwe', header: inspected.jwe.header };
  const { jwt } = inspected;
  const audit = auditToken(jwt);
  return {
    kind: 'jws',
    header: jwt.header,
    payload: jwt.payload,
    signatureBytes: jwt.signature.length,
    summary: { ...audit.summary, lines: undefined },
    issues: audit.issues,
  };
}

const SEVERITY_WIDTH = 9;

/** Human-readable decode: header, claims, times, then the audit. Pure. */
export function decodeText(inspected: InspectedToken, now?: number): string {
  if (inspected.kind === 'jwe') {
    return [
      'JWE (encrypted token): only the protected header is readable',
      `header: ${JSON.stringify(inspected.jwe.header)}`,
      '',
    ].join('\n');
  }
  const jwt = inspected.jwt;
  const audit = auditToken(jwt, now);
  const lines = [
    `header:    ${JSON.stringify(jwt.header)}`,
    `payload:   ${JSON.stringify(jwt.payload, null, 2).replace(/\n/g, '\n           ')}`,
    `signature: ${jwt.signature.length} bytes${jwt.signature.length === 0 ? ' (unsigned)' : ''}`,
    '',
    ...audit.summary.lines,
    '',
  ];
  if (audit.issues.length === 0) lines.push('audit: no issue found offline');
  else {
    lines.push(`audit: ${audit.issues.length} issue(s)`);
    for (const issue of audit.issues) lines.push(...issueLines(issue));
  }
  if (isHmacAlg(jwt.alg))
    lines.push('', `next: apiward jwt crack <token> searches the ${jwt.alg} secret offline`);
  lines.push('');
  return lines.join('\n');
}

function issueLines(issue: AuditIssue): string[] {
  const out = [`  ${issue.severity.toUpperCase().padEnd(SEVERITY_WIDTH)}${issue.check}  ${issue.title}`];
  out.push(`  ${' '.repeat(SEVERITY_WIDTH)}${issue.detail}`);
  for (const c of issue.claims ?? [])
    out.push(`  ${' '.repeat(SEVERITY_WIDTH)}- ${c.path}: ${c.kind}, ${c.reason}`);
  return out;
}

async function runCrack(
  raw: string,
  flags: { wordlist?: string[]; builtin: boolean; mutations?: boolean; workers?: string; progress: boolean },
): Promise<number> {
  const inspected = readToken(raw);
  if (inspected.kind === 'jwe')
    throw usageError('the token is a JWE (encrypted): there is no HMAC signature to crack');
  const jwt: ParsedJwt = inspected.jwt;
  const alg = jwt.alg;
  if (!isHmacAlg(alg)) {
    throw usageError(`alg ${JSON.stringify(alg)} is not HMAC: only HS256/HS384/HS512 secrets can be cracked`);
  }
  if (jwt.signature.length === 0) throw usageError('the token has no signature to crack');
  const sources: CandidateSource[] = flags.builtin ? [{ kind: 'builtin' }] : [];
  for (const path of flags.wordlist ?? []) {
    try {
      readFileSync(path, { flag: 'r' }).subarray(0, 0);
    } catch (error) {
      throw usageError(`cannot read word list ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    sources.push({ kind: 'file', path });
  }
  if (sources.length === 0) throw usageError('nothing to try: --no-builtin needs at least one --wordlist');
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) {
    throw usageError(`--workers expects a whole number, got "${flags.workers}"`);
  }
  const target: CrackTarget = { ...crackTargetOf(jwt), alg };
  const progress = new CrackProgressLine(flags.progress);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await crack(target, sources, {
      mutations: flags.mutations === true,
      signal: abort.signal,
      onProgress: (p) => progress.update(p),
      ...(workers !== undefined ? { workers } : {}),
    });
    progress.done();
    const stats = `${result.tried} candidates in ${humanDuration(result.elapsedMs / 1000)} (${formatRate(result.rate)})`;
    if (result.secretBytes) {
      const printable = result.secret !== undefined && /^[\x20-\x7e]*$/.test(result.secret);
      process.stdout.write(
        `secret: ${printable ? JSON.stringify(result.secret) : `hex:${Buffer.from(result.secretBytes).toString('hex')}`}\n`,
      );
      process.stderr.write(`apiward: ${alg} secret found after ${stats}\n`);
      return EXIT.ok;
    }
    process.stdout.write('secret: not found\n');
    process.stderr.write(`apiward: ${result.cancelled ? 'interrupted' : 'not found'} after ${stats}\n`);
    return result.cancelled ? EXIT.aborted : EXIT.gate;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

export function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)} M/s`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)} k/s`;
  return `${Math.round(rate)}/s`;
}

/** Live progress on a terminal, a line per second otherwise; stderr only. */
class CrackProgressLine {
  readonly #enabled: boolean;
  readonly #tty = process.stderr.isTTY === true;
  #lastLine = 0;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  update(p: CrackProgress): void {
    if (!this.#enabled) return;
    const text = `cracking: ${p.tried} tried · ${formatRate(p.rate)} · ${p.source}`;
    if (this.#tty) {
      process.stderr.write(`\r\u001b[2K${text}`);
      return;
    }
    const now = Date.now();
    if (now - this.#lastLine < 1000) return;
    this.#lastLine = now;
    process.stderr.write(`${text}\n`);
  }

  done(): void {
    if (this.#enabled && this.#tty) process.stderr.write('\r\u001b[2K');
  }
}
