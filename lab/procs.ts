// Child processes of the lab: each runs in its own process group so stop() can take down grandchildren.
// A process-wide registry lets exit/signal handlers kill whatever is still running.
import { type ChildProcess, spawn } from 'node:child_process';

export type StopMode = 'group' | 'leader';

export interface Managed {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** `leader`: SIGTERM only the leader first, it shuts its own children down (the Postgres guard). */
  readonly stopMode: StopMode;
  readonly exited: Promise<number | null>;
  isRunning(): boolean;
  stderrTail(): string;
  /** Resolves with the port from the first `LAB_LISTENING <port>` line on stdout. */
  listening(timeoutMs: number): Promise<number>;
}

const TAIL_BYTES = 4000;
const live = new Set<Managed>();
let handlersInstalled = false;

export function spawnManaged(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stopMode: StopMode = 'group',
): Managed {
  installHandlers();
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let stdout = '';
  let running = true;
  let port: number | undefined;
  const portWaiters: Array<(p: number) => void> = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-TAIL_BYTES);
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (port !== undefined) return;
    stdout = (stdout + chunk).slice(-TAIL_BYTES);
    const m = /LAB_LISTENING (\d+)/.exec(stdout);
    if (m) {
      port = Number(m[1]);
      for (const w of portWaiters.splice(0)) w(port);
    }
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(managed);
      resolve(code ?? (signal ? -1 : null));
    });
    child.once('error', (err) => {
      running = false;
      live.delete(managed);
      stderr += `\nspawn error: ${err.message}`;
      resolve(null);
    });
  });
  const managed: Managed = {
    name,
    pid: child.pid ?? -1,
    child,
    stopMode,
    exited,
    isRunning: () => running,
    stderrTail: () => stderr,
    listening: (timeoutMs) =>
      new Promise<number>((resolve, reject) => {
        if (port !== undefined) return resolve(port);
        const timer = setTimeout(
          () => reject(startError(name, `did not start within ${timeoutMs} ms`, stderr)),
          timeoutMs,
        );
        portWaiters.push((p) => {
          clearTimeout(timer);
          resolve(p);
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(startError(name, `exited with code ${code} before listening`, stderr));
        });
      }),
  };
  if (child.pid !== undefined) live.add(managed);
  return managed;
}

function startError(name: string, what: string, stderr: string): Error {
  const tail = stderr.trim().split('\n').slice(-25).join('\n');
  return new Error(`lab: ${name} ${what}; stderr tail:\n${tail || '(empty)'}`);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Asks nicely, then SIGKILLs the whole process group after graceMs. */
export async function stopManaged(m: Managed, graceMs = 3000): Promise<void> {
  if (m.pid > 0 && m.isRunning()) {
    if (m.stopMode === 'leader') signalPid(m.pid, 'SIGTERM');
    else signalGroup(m.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      m.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      signalGroup(m.pid, 'SIGKILL');
      await m.exited;
    }
  }
  // Stragglers that outlived their leader (e.g. postgres backends) share its process group.
  if (m.pid > 0) signalGroup(m.pid, 'SIGKILL');
}

/** Synchronous last resort for exit/signal handlers. */
export function killAllSync(): void {
  for (const m of live) {
    if (m.stopMode === 'leader') signalPid(m.pid, 'SIGTERM');
    else signalGroup(m.pid, 'SIGKILL');
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllSync();
      process.removeListener(sig, onSignal);
      // Nobody else handles it: fall back to the default action (terminate).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}
