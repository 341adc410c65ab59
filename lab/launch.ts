// CLI: `node lab/launch.ts [appIds or seed ids...]` starts the lab, prints `id  url` lines, and stops
// everything on SIGINT/SIGTERM/SIGHUP.
import { type LabHandle, startLab } from './launcher.ts';

let handle: LabHandle | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await handle?.stop();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => void shutdown(0));
}

const started = Date.now();
try {
  handle = await startLab(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
if (stopping) await shutdown(0);
const width = Math.max(...handle.apps.map((a) => a.id.length));
for (const app of handle.apps) process.stdout.write(`${app.id.padEnd(width)}  ${app.url}\n`);
process.stderr.write(`lab: ${handle.apps.length} apps up in ${Date.now() - started} ms; Ctrl-C stops them\n`);
