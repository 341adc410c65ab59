/** Worker thread: receives WorkItems, answers ItemResults. */
import { parentPort, workerData } from 'node:worker_threads';
import { createChecker } from './checkers.ts';
import { Scanner, type WorkItem } from './scanner.ts';
import type { CrackTarget } from './targets.ts';

export interface WorkerInit {
  target: CrackTarget;
  /** The compiled kernel, shared with the parent (undefined for node:crypto targets). */
  module?: WebAssembly.Module;
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const scanner = new Scanner(createChecker(init.target, init.module));
port.on('message', (item: WorkItem) => {
  const result = scanner.process(item);
  if (item.kind !== 'lines') port.postMessage(result);
  else {
    const buffer = item.bytes.buffer as ArrayBuffer;
    port.postMessage({ ...result, buffer }, [buffer]);
  }
});
