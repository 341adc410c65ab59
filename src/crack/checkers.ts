/**
 * Checkers test candidate secrets against one target. `add` queues a candidate (the bytes must stay
 * unchanged until the next flush) and may flush; `flush` tests everything queued. Both return the
 * secret's bytes once a candidate is confirmed with node:crypto.
 */
import { createHash, createHmac, hash } from 'node:crypto';
import { type CrackTarget, FLASK_DEFAULT_SALT, targetHash, verifySecret } from './targets.ts';
import type { KernelKind } from './wasm/kernels.ts';
import { KernelRunner } from './wasm/runner.ts';

export interface Checker {
  /** Candidates queued and not yet tested. */
  readonly pending: number;
  add(src: Uint8Array, start: number, end: number): Uint8Array | undefined;
  flush(): Uint8Array | undefined;
  /** Tests every non-empty line of `bytes` (LF or CRLF); the fast path for plain word lists. */
  addLines(bytes: Uint8Array): { tried: number; hit?: Uint8Array };
}

const utf8 = new TextEncoder();

export function kernelKindFor(target: CrackTarget): KernelKind | undefined {
  switch (target.kind) {
    case 'jwt':
      return target.alg === 'HS256' ? 'hs256' : target.alg === 'HS384' ? 'hs384' : 'hs512';
    case 'express-cookie':
      return 'hs256';
    case 'flask-session':
      return 'flask';
    case 'django-signed':
      return undefined;
  }
}

export function createChecker(target: CrackTarget, module?: WebAssembly.Module, groups = 256): Checker {
  const kind = kernelKindFor(target);
  if (kind === undefined) return new NodeChecker(target);
  const setup =
    target.kind === 'flask-session'
      ? {
          kind,
          messageA: utf8.encode(target.salt ?? FLASK_DEFAULT_SALT),
          messageB: target.signedValue,
          signature: target.signature,
        }
      : {
          kind,
          messageA: target.kind === 'jwt' ? target.signingInput : target.value,
          signature: target.signature,
        };
  return new WasmChecker(target, new KernelRunner(setup, groups, module));
}

/** Batches candidates into the SIMD kernel's slots. */
export class WasmChecker implements Checker {
  private readonly target: CrackTarget;
  private readonly runner: KernelRunner;
  private readonly keyHash: string;
  private readonly capacity: number;
  private readonly refSrc: Uint8Array[];
  private readonly refStart: Int32Array;
  private readonly refEnd: Int32Array;
  private count = 0;

  constructor(target: CrackTarget, runner: KernelRunner) {
    this.target = target;
    this.runner = runner;
    this.keyHash = targetHash(target);
    this.capacity = runner.groups * runner.lanes;
    this.refSrc = new Array<Uint8Array>(this.capacity);
    this.refStart = new Int32Array(this.capacity);
    this.refEnd = new Int32Array(this.capacity);
  }

  get pending(): number {
    return this.count;
  }

  add(src: Uint8Array, start: number, end: number): Uint8Array | undefined {
    const { slots, offsetOf, lanes, blockBytes } = this.runner;
    const slot = this.count;
    const group = (slot / lanes) | 0;
    const base = group * 256;
    const map = (slot - group * lanes) * blockBytes;
    const len = end - start;
    if (len > blockBytes) this.writeLongKey(src, start, end, base, map);
    else for (let k = 0; k < len; k++) slots[base + offsetOf[map + k]!] = src[start + k]!;
    return this.commit(src, start, end);
  }

  addLines(bytes: Uint8Array): { tried: number; hit?: Uint8Array } {
    const { slots, offsetOf, lanes, blockBytes } = this.runner;
    const n = bytes.length;
    let tried = 0;
    let pos = 0;
    while (pos < n) {
      const slot = this.count;
      const group = (slot / lanes) | 0;
      const base = group * 256;
      const map = (slot - group * lanes) * blockBytes;
      let i = pos;
      // Copy while scanning for the end of line; bytes past the block size are handled below.
      while (i < n) {
        const c = bytes[i]!;
        if (c === 10) break;
        const k = i - pos;
        if (k < blockBytes) slots[base + offsetOf[map + k]!] = c;
        i++;
      }
      let end = i;
      if (end > pos && bytes[end - 1] === 13) {
        end--;
        if (end - pos < blockBytes) slots[base + offsetOf[map + end - pos]!] = 0;
      }
      const len = end - pos;
      if (len > 0) {
        if (len > blockBytes) this.writeLongKey(bytes, pos, end, base, map);
        tried++;
        const hit = this.commit(bytes, pos, end);
        if (hit) return { tried, hit };
      }
      pos = i + 1;
    }
    return { tried };
  }

  /** HMAC hashes keys longer than the block size; the slot gets the digest, zero-padded. */
  private writeLongKey(src: Uint8Array, start: number, end: number, base: number, map: number): void {
    const { slots, offsetOf, blockBytes } = this.runner;
    const digest = hash(this.keyHash, src.subarray(start, end), 'buffer');
    for (let k = 0; k < blockBytes; k++)
      slots[base + offsetOf[map + k]!] = k < digest.length ? digest[k]! : 0;
  }

  private commit(src: Uint8Array, start: number, end: number): Uint8Array | undefined {
    const slot = this.count++;
    this.refSrc[slot] = src;
    this.refStart[slot] = start;
    this.refEnd[slot] = end;
    return this.count === this.capacity ? this.flush() : undefined;
  }

  flush(): Uint8Array | undefined {
    const { lanes } = this.runner;
    const groups = Math.ceil(this.count / lanes);
    let hit: Uint8Array | undefined;
    for (let start = 0; start < groups && !hit; ) {
      const g = this.runner.run(start, groups);
      if (g < 0) break;
      for (let slot = g * lanes; slot < Math.min(this.count, (g + 1) * lanes); slot++) {
        const candidate = this.refSrc[slot]!.slice(this.refStart[slot]!, this.refEnd[slot]!);
        if (verifySecret(this.target, candidate)) {
          hit = candidate;
          break;
        }
      }
      start = g + 1;
    }
    this.runner.slots.fill(0, 0, groups * 256);
    this.refSrc.fill(undefined as unknown as Uint8Array, 0, this.count);
    this.count = 0;
    return hit;
  }
}

/**
 * node:crypto, one candidate at a time: for targets without a kernel (Django). Keys go to
 * createHmac as latin1 strings, which avoids a large per-call cost of Buffer keys on Node 24.
 */
export class NodeChecker implements Checker {
  private readonly test: (key: Uint8Array) => boolean;
  readonly pending = 0;

  constructor(target: CrackTarget) {
    if (target.kind === 'django-signed') {
      const alg = target.algorithm ?? 'sha256';
      const prefix = utf8.encode(`${target.salt}signer${target.keyPrefix ?? ''}`);
      const want = Buffer.from(target.signature).toString('binary');
      const value = Buffer.from(target.value).toString('binary');
      this.test = (key) => {
        const derived = createHash(alg).update(prefix).update(key).digest('binary');
        return (
          createHmac(alg, derived, { encoding: 'latin1' }).update(value, 'latin1').digest('binary') === want
        );
      };
    } else this.test = (key) => verifySecret(target, key);
    const check = this.test;
    this.test = (key) => check(key) && verifySecret(target, key);
  }

  add(src: Uint8Array, start: number, end: number): Uint8Array | undefined {
    const key = src.subarray(start, end);
    return this.test(key) ? key.slice() : undefined;
  }

  flush(): undefined {
    return undefined;
  }

  addLines(bytes: Uint8Array): { tried: number; hit?: Uint8Array } {
    let tried = 0;
    for (let pos = 0; pos < bytes.length; ) {
      let nl = bytes.indexOf(10, pos);
      if (nl < 0) nl = bytes.length;
      const end = nl > pos && bytes[nl - 1] === 13 ? nl - 1 : nl;
      if (end > pos) {
        tried++;
        const hit = this.add(bytes, pos, end);
        if (hit) return { tried, hit };
      }
      pos = nl + 1;
    }
    return { tried };
  }
}
