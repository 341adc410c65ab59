/**
 * Builds the WebAssembly cracking kernels. Each exports `run(startGroup, endGroup) -> i32`, which
 * hashes the candidate groups in [start, end) and returns the first group whose first signature
 * word matches the target in any lane (a *possible* hit, re-checked with node:crypto by the
 * caller), or -1.
 *
 * Memory layout (byte addresses):
 *   0   tail A: i32 address of the precomputed schedules, i32 number of blocks
 *   8   tail B: same (Flask: the signed value; unused otherwise)
 *   16  i32 address of the candidate slots
 *   32  first word of the expected signature (u32 or u64, little-endian)
 *   1024 constant pool (data segment), SCRATCH: message schedule, DYNAMIC_BASE onwards: owned by the caller.
 * A group is 256 bytes: 16 key words × one v128 (lane j = candidate j, word in native little-endian).
 */
import { readFileSync } from 'node:fs';
import { encodeModule, FuncBuilder, I32 } from './asm.ts';
import { ConstPool, cst, HashEmitter, type Val } from './emit.ts';
import { HASHES, type HashDef } from './hashdefs.ts';

export type KernelKind = 'hs256' | 'hs384' | 'hs512' | 'flask';

export const LAYOUT = {
  tailA: 0,
  tailB: 8,
  slots: 16,
  target: 32,
  pool: 1024,
  scratch: 8192,
  dynamicBase: 16384,
  groupBytes: 256,
} as const;

export function kernelHash(kind: KernelKind): HashDef {
  switch (kind) {
    case 'hs256':
      return HASHES.sha256;
    case 'hs384':
      return HASHES.sha384;
    case 'hs512':
      return HASHES.sha512;
    case 'flask':
      return HASHES.sha1;
  }
}

/** Candidates per group (v128 lanes). */
export function lanes(kind: KernelKind): number {
  return kernelHash(kind).width === 32 ? 4 : 2;
}

export function buildKernel(kind: KernelKind): Uint8Array<ArrayBuffer> {
  const def = kernelHash(kind);
  const f = new FuncBuilder(2);
  const [start, end] = [0, 1];
  const base = f.local(I32);
  const ptr = f.local(I32);
  const count = f.local(I32);
  const pool = new ConstPool(LAYOUT.pool, def.width);
  const em = new HashEmitter(f, def, pool, LAYOUT.scratch);
  const locals = { inner: em.newLocals(em.stateSize), outer: em.newLocals(em.stateSize), ptr, count };
  const result = em.newLocals(def.digestWords);

  f.block().loop();
  f.get(start).get(end).i32GeU().brIf(1);
  f.get(start).i32Const(LAYOUT.groupBytes).i32Mul().i32Const(0).i32Load(LAYOUT.slots).i32Add().set(base);
  const key: Val[] = Array.from({ length: 16 }, (_, i) => ({ k: 'dyn', base, offset: 16 * i }));
  if (kind === 'flask') {
    // derived = HMAC-SHA1(secret, salt); signature = HMAC-SHA1(derived, value)
    em.hmac(key, LAYOUT.tailA, result, def.digestWords, locals);
    const derived: Val[] = result.map((idx) => ({ k: 'local', idx }));
    while (derived.length < 16) derived.push(cst(0n));
    em.hmac(derived, LAYOUT.tailB, result, 1, locals);
  } else {
    em.hmac(key, LAYOUT.tailA, result, 1, locals);
  }
  f.get(result[0]!).i32Const(0);
  if (def.width === 32) f.load32Splat(LAYOUT.target).i32x4Eq();
  else f.load64Splat(LAYOUT.target).i64x2Eq();
  f.anyTrue().if_().get(start).ret().end();
  f.get(start).i32Const(1).i32Add().set(start);
  f.br(0).end().end();
  f.i32Const(-1);

  // K and IV are reached through the pool as well; make sure the pool fits below the scratch area.
  if (LAYOUT.pool + pool.size > LAYOUT.scratch) throw new Error('constant pool overflow');
  return encodeModule({
    funcs: [{ name: 'run', params: 2, body: f }],
    memoryPages: 2,
    data: [{ offset: LAYOUT.pool, bytes: pool.bytes() }],
  });
}

export const KERNEL_KINDS: readonly KernelKind[] = ['hs256', 'hs384', 'hs512', 'flask'];

/** Where the prebuilt kernel lives (written by scripts/build-wasm-crack.ts, checked by a test). */
export function kernelFile(kind: KernelKind): URL {
  return new URL(`./prebuilt/${kind}.wasm`, import.meta.url);
}

const compiled = new Map<KernelKind, WebAssembly.Module>();

/**
 * Compiles a kernel once per process: the prebuilt file when present (fast start), otherwise
 * generated on the spot (the same bytes, ~50-100 ms of generation).
 */
export function kernelModule(kind: KernelKind): WebAssembly.Module {
  let mod = compiled.get(kind);
  if (!mod) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(kernelFile(kind)));
    } catch {
      bytes = buildKernel(kind);
    }
    mod = new WebAssembly.Module(bytes);
    compiled.set(kind, mod);
  }
  return mod;
}
