/**
 * Emits multi-lane (SIMD) SHA-1 / SHA-2 compression functions into a FuncBuilder. Every v128 value
 * holds one hash word for 4 candidates (32-bit words) or 2 candidates (64-bit words). Message words
 * that are the same for all lanes are tracked as constants and folded at generation time.
 */
import { type FuncBuilder, V128 } from './asm.ts';
import { bigSigmaParams, type HashDef, mask, rotr, sigmaParams } from './hashdefs.ts';

/** A vector word: a generation-time constant (same in every lane), a memory cell, or a local. */
export type Val =
  | { k: 'const'; v: bigint }
  | { k: 'mem'; addr: number }
  | { k: 'dyn'; base: number; offset: number }
  | { k: 'local'; idx: number };

export const cst = (v: bigint): Val => ({ k: 'const', v });

/** Where the round inputs W[t] + K[t] of a compression come from. */
export type Schedule =
  /** 16 block words; the rest of the schedule is computed here. */
  | { k: 'words'; words: Val[] }
  /** Precomputed W[t] + K[t] for a constant block, at the address held in local `ptr`. */
  | { k: 'precomputed'; ptr: number };

export class ConstPool {
  readonly base: number;
  private readonly bytesPerWord: number;
  private readonly cells = new Map<bigint, number>();

  constructor(base: number, width: 32 | 64) {
    this.base = base;
    this.bytesPerWord = width / 8;
  }

  addr(v: bigint): number {
    let a = this.cells.get(v);
    if (a === undefined) {
      a = this.base + this.cells.size * this.bytesPerWord;
      this.cells.set(v, a);
    }
    return a;
  }

  get size(): number {
    return this.cells.size * this.bytesPerWord;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    const view = new DataView(out.buffer);
    for (const [v, a] of this.cells) {
      const o = a - this.base;
      if (this.bytesPerWord === 4) view.setUint32(o, Number(v), true);
      else view.setBigUint64(o, v, true);
    }
    return out;
  }
}

export class HashEmitter {
  readonly f: FuncBuilder;
  readonly def: HashDef;
  readonly pool: ConstPool;
  /** Scratch area for the message schedule: one v128 per round. */
  readonly scratch: number;
  private readonly tmp: number;
  private readonly t1: number;
  private readonly state: number[];

  constructor(f: FuncBuilder, def: HashDef, pool: ConstPool, scratch: number) {
    this.f = f;
    this.def = def;
    this.pool = pool;
    this.scratch = scratch;
    this.tmp = f.local(V128);
    this.t1 = f.local(V128);
    this.state = Array.from({ length: def.name === 'sha1' ? 5 : 8 }, () => f.local(V128));
  }

  get stateSize(): number {
    return this.state.length;
  }

  newLocals(n: number): number[] {
    return Array.from({ length: n }, () => this.f.local(V128));
  }

  push(v: Val): void {
    const f = this.f;
    switch (v.k) {
      case 'const':
        f.i32Const(0);
        if (this.def.width === 32) f.load32Splat(this.pool.addr(v.v));
        else f.load64Splat(this.pool.addr(v.v));
        return;
      case 'mem':
        f.i32Const(0).v128Load(v.addr);
        return;
      case 'dyn':
        f.get(v.base).v128Load(v.offset);
        return;
      case 'local':
        f.get(v.idx);
        return;
    }
  }

  add(): void {
    if (this.def.width === 32) this.f.i32x4Add();
    else this.f.i64x2Add();
  }

  private shl(n: number): void {
    this.f.i32Const(n);
    if (this.def.width === 32) this.f.i32x4Shl();
    else this.f.i64x2Shl();
  }

  private shr(n: number): void {
    this.f.i32Const(n);
    if (this.def.width === 32) this.f.i32x4ShrU();
    else this.f.i64x2ShrU();
  }

  /** Pushes rotr(local x, n). */
  private rotr(x: number, n: number): void {
    this.f.get(x);
    this.shr(n);
    this.f.get(x);
    this.shl(this.def.width - n);
    this.f.or();
  }

  private rotl(x: number, n: number): void {
    this.rotr(x, this.def.width - n);
  }

  /** Pushes rotr(x,a) ^ rotr(x,b) ^ (c is a rotation ? rotr(x,c) : x >>> c). */
  private sigma(x: number, [a, b, c]: [number, number, number], lastIsShift: boolean): void {
    this.rotr(x, a);
    this.rotr(x, b);
    this.f.xor();
    if (lastIsShift) {
      this.f.get(x);
      this.shr(c);
    } else this.rotr(x, c);
    this.f.xor();
  }

  /** Stores the vector on the stack into schedule cell t and returns it as a Val. */
  private storeCell(t: number): Val {
    const addr = this.scratch + 16 * t;
    this.f.set(this.tmp);
    this.f.i32Const(0).get(this.tmp).v128Store(addr);
    return { k: 'mem', addr };
  }

  private toLocal(v: Val, local: number): void {
    this.push(v);
    this.f.set(local);
  }

  /** Computes the message schedule from 16 words, folding constants. */
  private expand(words: Val[]): Val[] {
    const def = this.def;
    const m = mask(def);
    const w: Val[] = [...words];
    for (let t = 16; t < def.rounds; t++) {
      if (def.name === 'sha1') {
        const terms = [w[t - 3]!, w[t - 8]!, w[t - 14]!, w[t - 16]!];
        let c = 0n;
        let vec = 0;
        for (const term of terms) {
          if (term.k === 'const') c ^= term.v;
          else {
            this.push(term);
            if (vec++ > 0) this.f.xor();
          }
        }
        if (vec === 0) {
          w.push(cst(((c << 1n) | (c >> 31n)) & m));
          continue;
        }
        if (c !== 0n) {
          this.push(cst(c));
          this.f.xor();
        }
        this.f.set(this.tmp);
        this.rotl(this.tmp, 1);
        w.push(this.storeCell(t));
        continue;
      }
      const s1 = w[t - 2]!;
      const s0 = w[t - 15]!;
      let c = 0n;
      let vec = 0;
      const addTerm = (): void => {
        if (vec++ > 0) this.add();
      };
      if (s1.k === 'const') c += smallSigmaConst(def, 1, s1.v);
      else {
        this.toLocal(s1, this.tmp);
        this.sigma(this.tmp, sigmaParams(def, 1), true);
        addTerm();
      }
      if (s0.k === 'const') c += smallSigmaConst(def, 0, s0.v);
      else {
        this.toLocal(s0, this.tmp);
        this.sigma(this.tmp, sigmaParams(def, 0), true);
        addTerm();
      }
      for (const term of [w[t - 7]!, w[t - 16]!]) {
        if (term.k === 'const') c += term.v;
        else {
          this.push(term);
          addTerm();
        }
      }
      c &= m;
      if (vec === 0) {
        w.push(cst(c));
        continue;
      }
      if (c !== 0n) {
        this.push(cst(c));
        this.add();
      }
      w.push(this.storeCell(t));
    }
    return w;
  }

  /** Pushes W[t] + K[t]. */
  private pushKW(schedule: Val[] | number, t: number): void {
    const def = this.def;
    if (typeof schedule === 'number') {
      this.f.get(schedule);
      if (def.width === 32) this.f.load32Splat(4 * t);
      else this.f.load64Splat(8 * t);
      return;
    }
    const w = schedule[t]!;
    if (w.k === 'const') {
      this.push(cst((w.v + def.k[t]!) & mask(def)));
      return;
    }
    this.push(w);
    this.push(cst(def.k[t]!));
    this.add();
  }

  /**
   * One compression: state := init, rounds over the schedule, then out[i] := state[i] + init[i].
   * `outCount` limits how many output words are produced (the last compression only needs word 0).
   */
  compress(init: Val[], sched: Schedule, out: number[], outCount = out.length): void {
    const s = this.state;
    for (let i = 0; i < s.length; i++) this.toLocal(init[i]!, s[i]!);
    const schedule = sched.k === 'words' ? this.expand(sched.words) : sched.ptr;
    if (this.def.name === 'sha1') this.sha1Rounds(schedule);
    else this.sha2Rounds(schedule);
    for (let i = 0; i < outCount; i++) {
      this.f.get(s[i]!);
      this.push(init[i]!);
      this.add();
      this.f.set(out[i]!);
    }
  }

  private sha2Rounds(schedule: Val[] | number): void {
    const f = this.f;
    const n = [...this.state];
    for (let t = 0; t < this.def.rounds; t++) {
      const [a, b, c, d, e, ff, g, h] = n as [number, number, number, number, number, number, number, number];
      f.get(h);
      this.sigma(e, bigSigmaParams(this.def, 1), false);
      this.add();
      f.get(ff).get(g).get(e).bitselect();
      this.add();
      this.pushKW(schedule, t);
      this.add();
      f.tee(this.t1);
      f.get(d);
      this.add();
      f.set(d);
      f.get(this.t1);
      this.sigma(a, bigSigmaParams(this.def, 0), false);
      this.add();
      f.get(a).get(b).get(b).get(c).xor().bitselect();
      this.add();
      f.set(h);
      n.unshift(n.pop()!);
    }
  }

  private sha1Rounds(schedule: Val[] | number): void {
    const f = this.f;
    const n = [...this.state];
    for (let t = 0; t < 80; t++) {
      const [a, b, c, d, e] = n as [number, number, number, number, number];
      this.rotl(a, 5);
      if (t < 20) f.get(c).get(d).get(b).bitselect();
      else if (t >= 40 && t < 60) f.get(b).get(c).get(c).get(d).xor().bitselect();
      else f.get(b).get(c).xor().get(d).xor();
      this.add();
      f.get(e);
      this.add();
      this.pushKW(schedule, t);
      this.add();
      f.set(e);
      this.rotl(b, 30);
      f.set(b);
      n.unshift(n.pop()!);
    }
  }

  /**
   * HMAC over a constant message whose inner tail blocks (everything after the key block) are
   * precomputed at the address/count stored at `tailParam`/`tailParam + 4`.
   * Writes the digest words into `out` (only `outCount` of them).
   */
  hmac(key: Val[], tailParam: number, out: number[], outCount: number, scratchLocals: HmacLocals): void {
    const def = this.def;
    const f = this.f;
    const ipad = def.width === 32 ? 0x36363636n : 0x3636363636363636n;
    const opad = def.width === 32 ? 0x5c5c5c5cn : 0x5c5c5c5c5c5c5c5cn;
    const iv = def.iv.map(cst);
    const { inner, outer, ptr, count } = scratchLocals;
    this.compress(iv, { k: 'words', words: this.padKey(key, ipad) }, inner);
    // Tail blocks: a loop over precomputed schedules, always at least one block (the padding).
    f.i32Const(0).i32Load(tailParam).set(ptr);
    f.i32Const(0)
      .i32Load(tailParam + 4)
      .set(count);
    f.loop();
    const innerVals: Val[] = inner.map((idx) => ({ k: 'local', idx }));
    this.compress(innerVals, { k: 'precomputed', ptr }, inner);
    f.get(ptr)
      .i32Const((def.rounds * def.width) / 8)
      .i32Add()
      .set(ptr);
    f.get(count).i32Const(-1).i32Add().tee(count);
    f.brIf(0);
    f.end();
    this.compress(iv, { k: 'words', words: this.padKey(key, opad) }, outer);
    const outerVals: Val[] = outer.map((idx) => ({ k: 'local', idx }));
    this.compress(outerVals, { k: 'words', words: this.digestBlock(inner) }, out, outCount);
  }

  private padKey(key: Val[], pad: bigint): Val[] {
    return key.map((w, i) => {
      if (w.k === 'const') return cst(w.v ^ pad);
      this.push(w);
      this.push(cst(pad));
      this.f.xor();
      return this.storeCell(i);
    });
  }

  /** The outer hash's second block: the inner digest, then padding for a (block + digest)-byte message. */
  private digestBlock(inner: number[]): Val[] {
    const def = this.def;
    const words: Val[] = [];
    for (let i = 0; i < def.digestWords; i++) words.push({ k: 'local', idx: inner[i]! });
    words.push(cst(1n << BigInt(def.width - 1)));
    while (words.length < 15) words.push(cst(0n));
    const bits = (def.blockBytes + (def.digestWords * def.width) / 8) * 8;
    words.push(cst(BigInt(bits)));
    return words;
  }
}

export interface HmacLocals {
  inner: number[];
  outer: number[];
  ptr: number;
  count: number;
}

function smallSigmaConst(def: HashDef, which: 0 | 1, x: bigint): bigint {
  const [a, b, s] = sigmaParams(def, which);
  return rotr(def, x, a) ^ rotr(def, x, b) ^ (x >> BigInt(s));
}
