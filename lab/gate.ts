// The detection gate: scans every lab app and compares the findings with the labelled ground truth.
// Fails when a planted flaw (not pending) is missed or a forbidden finding is reported.
import { readFileSync } from 'node:fs';
import { validateConfig } from '../src/config/load.ts';
import type { ScanConfig } from '../src/config/types.ts';
import type { Finding } from '../src/core/types.ts';
import { runScan } from '../src/engine/scan.ts';
import type { ScanReport } from '../src/report/types.ts';
import { type LabApp, startLab } from './launcher.ts';
import type { Truth, TruthEntry, TruthNegative } from './truth.ts';

type Entry = TruthEntry | TruthNegative;

export interface GateRow {
  app: string;
  expected: number;
  found: string[];
  missed: string[];
  falsePositives: string[];
  pending: string[];
  pendingButFound: string[];
  error?: string;
}

const BLOCKING = new Set(['critical', 'high', 'medium']);

const label = (e: Entry) => `${e.check}${e.endpoint ? ` @ ${e.endpoint}` : ''}`;
const describe = (f: Finding) => `${f.check} @ ${f.endpoint.method} ${f.endpoint.path}`;

function matches(entry: Entry, finding: Finding): boolean {
  if (finding.check !== entry.check) return false;
  // App-wide flaws (shared middleware) match a finding on any route.
  if (!entry.endpoint || entry.endpoint === '*' || entry.scope === 'app') return true;
  return entry.endpoint === `${finding.endpoint.method} ${finding.endpoint.path}`;
}

/** Pure: compares one report with its truth. Fixed apps also must not carry any medium-or-worse finding. */
export function judge(app: LabApp, truth: Truth, report: ScanReport): GateRow {
  const row: GateRow = {
    app: app.id,
    expected: truth.must.filter((m) => !m.pending).length,
    found: [],
    missed: [],
    falsePositives: [],
    pending: [],
    pendingButFound: [],
  };
  for (const entry of truth.must) {
    const hit = report.findings.some((f) => matches(entry, f));
    if (entry.pending) (hit ? row.pendingButFound : row.pending).push(`${label(entry)} (${entry.pending})`);
    else (hit ? row.found : row.missed).push(label(entry));
  }
  const fps = new Set<string>();
  for (const entry of truth.mustNot) {
    for (const f of report.findings.filter((x) => matches(entry, x))) fps.add(describe(f));
  }
  if (app.variant === 'fixed') {
    for (const f of report.findings.filter((x) => BLOCKING.has(x.severity)))
      fps.add(`${describe(f)} [${f.severity}]`);
  }
  row.falsePositives = [...fps];
  return row;
}

async function scanApp(app: LabApp): Promise<GateRow> {
  const truth = JSON.parse(readFileSync(app.truthPath, 'utf8')) as Truth;
  try {
    const config: ScanConfig = validateConfig(
      JSON.parse(readFileSync(app.configPath, 'utf8')),
      app.configPath,
    );
    // The lab is ours: active probes (login bursts, registrations) run too.
    const report = await runScan({ target: app.url, config: { deadline: 120, active: true, ...config } });
    return judge(app, truth, report);
  } catch (error) {
    return {
      app: app.id,
      expected: truth.must.filter((m) => !m.pending).length,
      found: [],
      missed: truth.must.filter((m) => !m.pending).map(label),
      falsePositives: [],
      pending: [],
      pendingButFound: [],
      error: (error as Error).message,
    };
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

function printTable(rows: GateRow[]): void {
  const header = ['app', 'expected', 'found', 'missed', 'false+', 'pending'];
  const lines = rows.map((r) => [
    r.app,
    String(r.expected),
    String(r.found.length),
    String(r.missed.length),
    String(r.falsePositives.length),
    String(r.pending.length),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  for (const r of rows) {
    if (r.error) console.log(`\n${r.app}: scan failed: ${r.error}`);
    for (const m of r.missed) console.log(`${r.app}: MISSED ${m}`);
    for (const f of r.falsePositives) console.log(`${r.app}: FALSE POSITIVE ${f}`);
    for (const p of r.pendingButFound) console.log(`${r.app}: pending but already found (flip it): ${p}`);
  }
}

async function main(): Promise<number> {
  const ids = process.argv.slice(2);
  const lab = await startLab(ids.length ? ids : undefined);
  try {
    const rows = await mapLimit(lab.apps, 3, scanApp);
    printTable(rows);
    const missed = rows.reduce((n, r) => n + r.missed.length, 0);
    const fps = rows.reduce((n, r) => n + r.falsePositives.length, 0);
    const found = rows.reduce((n, r) => n + r.found.length, 0);
    console.log(`\ngate: ${found} found, ${missed} missed, ${fps} false positive(s)`);
    return missed === 0 && fps === 0 ? 0 : 1;
  } finally {
    await lab.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
