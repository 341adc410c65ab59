/** Owns one instantiated kernel: its memory layout, the constant tails and the candidate slots. */
import { type KernelKind, kernelHash, kernelModule, LAYOUT, lanes } from './kernels.ts';
import { tailSchedules } from './schedule.ts';

export interface KernelSetup {
  kind: KernelKind;
  /** Message of the (first) HMAC: the JWT signing input, or the Flask salt. */
  messageA: Uint8Array;
  /** Message of the second HMAC (Flask: `payload.timestamp`). */
  messageB?: Uint8Array;
  /** Expected MAC; only its first word is compared in the kernel. */
  signature: Uint8Array;
}

const PAGE = 65536;

export class KernelRunner {
  readonly lanes: number;
  /** HMAC block size: keys longer than this are hashed first. */
  readonly blockBytes: number;
  readonly groups: number;
  /** Candidate slots: `groups` × 256 bytes; write key bytes through `offsetOf`. */
  readonly slots: Uint8Array;
  /** offsetOf[lane * blockBytes + i] = where byte i of the lane's key goes inside a group. */
  readonly offsetOf: Int32Array;
  private readonly runFn: (start: number, end: number) => number;

  constructor(setup: KernelSetup, groups = 256, module: WebAssembly.Module = kernelModule(setup.kind)) {
    const def = kernelHash(setup.kind);
    this.lanes = lanes(setup.kind);
    this.blockBytes = def.blockBytes;
    this.groups = groups;
    const tailA = tailSchedules(def, setup.messageA);
    const tailB = setup.messageB ? tailSchedules(def, setup.messageB) : undefined;
    const slotsAt = align(LAYOUT.dynamicBase + tailA.bytes.length + (tailB?.bytes.length ?? 0), 256);
    const needed = slotsAt + groups * LAYOUT.groupBytes;
    const instance = new WebAssembly.Instance(module, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    const mem = new Uint8Array(memory.buffer);
    const view = new DataView(memory.buffer);
    mem.set(tailA.bytes, LAYOUT.dynamicBase);
    view.setUint32(LAYOUT.tailA, LAYOUT.dynamicBase, true);
    view.setUint32(LAYOUT.tailA + 4, tailA.blocks, true);
    if (tailB) {
      const at = LAYOUT.dynamicBase + tailA.bytes.length;
      mem.set(tailB.bytes, at);
      view.setUint32(LAYOUT.tailB, at, true);
      view.setUint32(LAYOUT.tailB + 4, tailB.blocks, true);
    }
    view.setUint32(LAYOUT.slots, slotsAt, true);
    const sig = new DataView(setup.signature.buffer, setup.signature.byteOffset, setup.signature.byteLength);
    if (def.width === 32) view.setUint32(LAYOUT.target, sig.getUint32(0), true);
    else view.setBigUint64(LAYOUT.target, sig.getBigUint64(0), true);
    this.slots = mem.subarray(slotsAt, needed);
    const wordBytes = def.width / 8;
    this.offsetOf = new Int32Array(this.lanes * def.blockBytes);
    for (let lane = 0; lane < this.lanes; lane++) {
      for (let i = 0; i < def.blockBytes; i++) {
        const word = Math.floor(i / wordBytes);
        this.offsetOf[lane * def.blockBytes + i] =
          word * 16 + lane * wordBytes + (wordBytes - 1 - (i % wordBytes));
      }
    }
    this.runFn = instance.exports.run as (start: number, end: number) => number;
  }

  /** First group in [start, end) with a possible hit, or -1. */
  run(start: number, end: number): number {
    return this.runFn(start, end);
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
