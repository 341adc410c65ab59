/** Exit codes are part of the CLI contract (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  gate: 1,
  usage: 2,
  unreachable: 3,
  aborted: 4,
  internal: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the user can fix; printed as one line, never with a stack trace. */
export class ApiwardError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = 'ApiwardError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new ApiwardError(message, EXIT.usage);
export const unreachableError = (message: string) => new ApiwardError(message, EXIT.unreachable);
export const abortedError = (message: string) => new ApiwardError(message, EXIT.aborted);
