// Starts the lab: the backing services the chosen apps need (dynalite, PostgreSQL) and the Flask apps,
// all on free 127.0.0.1 ports, in parallel. stop() (and exit/signal handlers) take everything down.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Managed, spawnManaged, stopManaged } from './procs.ts';
import { type AppSpec, LAB_DIR, pgDatabase, resolveApps, type Variant } from './registry.ts';

export interface LabApp {
  id: string;
  seed: string;
  variant: Variant;
  url: string;
  configPath: string;
  truthPath: string;
}

export interface LabHandle {
  apps: LabApp[];
  stop(): Promise<void>;
  /** Random id of this run; every lab process carries it as LAB_RUN_ID in its environment. */
  runId: string;
  /** Process-group leaders started by this run (services and apps). */
  pids(): number[];
}

export interface LabOptions {
  /** Per-process start-up timeout. */
  timeoutMs?: number;
}

export const PYTHON = '/usr/bin/python3';
const DEFAULT_TIMEOUT_MS = 30_000;

interface Services {
  dynamoEndpoint?: string;
  pgPort?: number;
}

export async function startLab(appIds?: string[], options: LabOptions = {}): Promise<LabHandle> {
  const specs = resolveApps(appIds);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const runId = process.env.LAB_RUN_ID ?? randomUUID();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LAB_RUN_ID: runId,
    LAB_PARENT_PID: String(process.pid),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
  const procs: Managed[] = [];
  const stopAll = async (): Promise<void> => {
    const apps = procs.filter((p) => p.name.startsWith('app '));
    const services = procs.filter((p) => !p.name.startsWith('app '));
    await Promise.all(apps.map((p) => stopManaged(p)));
    await Promise.all(services.map((p) => stopManaged(p, 10_000)));
  };
  try {
    const services = await startServices(specs, baseEnv, procs, timeoutMs);
    const apps = await Promise.all(specs.map((spec) => startApp(spec, services, baseEnv, procs, timeoutMs)));
    let stopped: Promise<void> | undefined;
    return {
      apps,
      runId,
      pids: () => procs.map((p) => p.pid),
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function startServices(
  specs: readonly AppSpec[],
  env: NodeJS.ProcessEnv,
  procs: Managed[],
  timeoutMs: number,
): Promise<Services> {
  const needs = new Set(specs.flatMap((s) => s.services));
  const services: Services = {};
  const jobs: Promise<void>[] = [];
  if (needs.has('dynamo')) {
    const dyn = spawnManaged('dynalite', process.execPath, [join(LAB_DIR, 'services', 'dynalite.ts')], env);
    procs.push(dyn);
    jobs.push(
      dyn.listening(timeoutMs).then((port) => {
        services.dynamoEndpoint = `http://127.0.0.1:${port}`;
      }),
    );
  }
  if (needs.has('postgres')) {
    const databases = specs.filter((s) => s.services.includes('postgres')).map((s) => pgDatabase(s.id));
    const pg = spawnManaged(
      'postgres',
      PYTHON,
      [join(LAB_DIR, 'services', 'pg_guard.py')],
      { ...env, LAB_PG_DATABASES: databases.join(',') },
      'leader',
    );
    procs.push(pg);
    jobs.push(
      pg.listening(timeoutMs).then((port) => {
        services.pgPort = port;
      }),
    );
  }
  await Promise.all(jobs);
  return services;
}

async function startApp(
  spec: AppSpec,
  services: Services,
  baseEnv: NodeJS.ProcessEnv,
  procs: Managed[],
  timeoutMs: number,
): Promise<LabApp> {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    LAB_APP_ID: spec.id,
    LAB_SECRET: randomBytes(32).toString('hex'),
  };
  if (services.dynamoEndpoint) env.LAB_DYNAMO_ENDPOINT = services.dynamoEndpoint;
  if (services.pgPort !== undefined) {
    const db = pgDatabase(spec.id);
    Object.assign(env, {
      LAB_PG_HOST: '127.0.0.1',
      LAB_PG_PORT: String(services.pgPort),
      COCKROACHDB_URI: `postgresql://127.0.0.1:${services.pgPort}/${db}`,
      DB_USER: 'postgres',
      DB_PASSWORD: '',
      DB_SSLMODE: 'disable',
    });
  }
  const proc = spawnManaged(`app ${spec.id}`, PYTHON, [spec.script], env);
  procs.push(proc);
  const port = await proc.listening(timeoutMs);
  const url = `http://127.0.0.1:${port}`;
  await waitAnswering(url, proc, timeoutMs);
  return {
    id: spec.id,
    seed: spec.seed,
    variant: spec.variant,
    url,
    configPath: spec.configPath,
    truthPath: spec.truthPath,
  };
}

async function waitAnswering(url: string, proc: Managed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && proc.isRunning()) {
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(
    `lab: ${proc.name} is not answering at ${url} (${last}); stderr tail:\n${proc.stderrTail()}`,
  );
}
