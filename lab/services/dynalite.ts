// Runs one in-memory dynalite (DynamoDB emulator) on a free loopback port and prints `LAB_LISTENING <port>`.
// Exits when its parent (the lab launcher) goes away, so it cannot be orphaned.
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';

type DynaliteFactory = (options: {
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}) => Server;

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as DynaliteFactory;

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`LAB_LISTENING ${port}\n`);
});

const parent = Number(process.env.LAB_PARENT_PID) || process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => process.exit(0));
