import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { usageError } from '../core/errors.ts';
import type { ScanReport } from '../report/types.ts';

/** One line of `apiward scans`. */
export interface ScanSummary {
  id: string;
  createdAt: string;
  target: string;
  score: number;
  grade: string;
  findings: number;
  complete: boolean;
}

export interface StoredScan extends ScanSummary {
  report: ScanReport;
}

/** `$APIWARD_HOME/scans.db`, or `~/.apiward/scans.db`. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.APIWARD_HOME ?? join(homedir(), '.apiward'), 'scans.db');
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scans (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  target TEXT NOT NULL,
  score INTEGER NOT NULL,
  grade TEXT NOT NULL,
  findings INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS scans_target ON scans (target, created_at);
`;

interface Row {
  id: string;
  created_at: string;
  target: string;
  score: number;
  grade: string;
  findings: number;
  complete: number;
  report?: string;
}

/** The local scan history: an embedded SQLite file (node:sqlite), created on first use. */
export class ScanStore {
  readonly path: string;
  readonly #db: DatabaseSync;

  constructor(path: string = defaultStorePath()) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      this.#db = new DatabaseSync(path);
      this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
      this.#db.exec(SCHEMA);
    } catch (error) {
      throw usageError(`cannot open the scan store ${path}: ${(error as Error).message}`);
    }
  }

  /** Saves a report and returns its new id, e.g. "20261122-131301-3fa9". */
  save(report: ScanReport, now: Date = new Date()): string {
    const id = newScanId(now);
    this.#db
      .prepare(
        'INSERT INTO scans (id, created_at, target, score, grade, findings, complete, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        now.toISOString(),
        report.target.url,
        report.score,
        report.grade,
        report.findings.length,
        report.complete ? 1 : 0,
        JSON.stringify(report),
      );
    return id;
  }

  /** By full id or an unambiguous prefix; `latest` is the newest scan. */
  get(idOrPrefix: string): StoredScan | undefined {
    const row =
      idOrPrefix === 'latest'
        ? (this.#db.prepare('SELECT * FROM scans ORDER BY created_at DESC, id DESC LIMIT 1').get() as
            | Row
            | undefined)
        : this.#byPrefix(idOrPrefix);
    return row ? { ...summary(row), report: JSON.parse(row.report!) as ScanReport } : undefined;
  }

  #byPrefix(prefix: string): Row | undefined {
    const exact = this.#db.prepare('SELECT * FROM scans WHERE id = ?').get(prefix) as Row | undefined;
    if (exact) return exact;
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = this.#db
      .prepare("SELECT * FROM scans WHERE id LIKE ? ESCAPE '\\' LIMIT 2")
      .all(`${escaped}%`) as unknown as Row[];
    if (rows.length > 1) throw usageError(`scan id prefix "${prefix}" is ambiguous; give more characters`);
    return rows[0];
  }

  /** Newest first. */
  list(options: { limit?: number; target?: string } = {}): ScanSummary[] {
    const limit = options.limit ?? 20;
    const columns = 'id, created_at, target, score, grade, findings, complete';
    const rows = (options.target
      ? this.#db
          .prepare(`SELECT ${columns} FROM scans WHERE target = ? ORDER BY created_at DESC, id DESC LIMIT ?`)
          .all(options.target, limit)
      : this.#db
          .prepare(`SELECT ${columns} FROM scans ORDER BY created_at DESC, id DESC LIMIT ?`)
          .all(limit)) as unknown as Row[];
    return rows.map(summary);
  }

  close(): void {
    this.#db.close();
  }
}

function summary(row: Row): ScanSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    target: row.target,
    score: row.score,
    grade: row.grade,
    findings: row.findings,
    complete: row.complete === 1,
  };
}

/** Sortable by time, readable, and unique enough for one machine's history. */
export function newScanId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .replace(/\.\d+Z$/, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
