/**
 * The plain createHmac baseline, as a worker: tests the lines in [start, end) of a word list with one
 * createHmac call chain per candidate (string key in, base64url string out: the fastest
 * per-call form measured in perf-anchors.md). Posts { tried, found }.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export interface BaselineJob {
  mode: 'hs256' | 'hs512' | 'flask';
  path: string;
  start: number;
  end: number;
  /** JWT: signing input; Flask: payload.timestamp. */
  message: string;
  /** Expected signature, base64url. */
  signature: string;
}

const job = workerData as BaselineJob;
const text = readFileSync(job.path).toString('utf8', job.start, job.end);
let tried = 0;
let found: string | undefined;
for (const word of text.split('\n')) {
  if (word === '') continue;
  tried++;
  let sig: string;
  if (job.mode === 'flask') {
    const derived = createHmac('sha1', word).update('cookie-session').digest('binary');
    sig = createHmac('sha1', derived, { encoding: 'latin1' }).update(job.message).digest('base64url');
  } else
    sig = createHmac(job.mode === 'hs256' ? 'sha256' : 'sha512', word)
      .update(job.message)
      .digest('base64url');
  if (sig === job.signature) {
    found = word;
    break;
  }
}
parentPort?.postMessage({ tried, found });
