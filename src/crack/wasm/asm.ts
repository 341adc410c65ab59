/**
 * A minimal WebAssembly binary writer: just enough (one memory, one exported function per kernel,
 * numeric and SIMD instructions) for the generated hashing kernels. See the WebAssembly core
 * specification, "Binary format", for the encodings used here.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof V128;

export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const signBit = (byte & 0x40) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const SIMD = 0xfd;

/** Emits one function body. Instruction helpers push bytes; locals are declared up front. */
export class FuncBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];
  private readonly paramCount: number;

  constructor(paramCount: number) {
    this.paramCount = paramCount;
  }

  local(type: ValType): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(opcode: number, ...imm: number[]): this {
    return this.op(SIMD, ...uleb(opcode), ...imm);
  }

  // control
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if_(): this {
    return this.op(0x04, 0x40);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  ret(): this {
    return this.op(0x0f);
  }

  // locals
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }

  // scalar
  i32Load(offset: number): this {
    return this.op(0x28, 2, ...uleb(offset));
  }
  i32Const(v: number): this {
    return this.op(0x41, ...sleb(BigInt(v | 0)));
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }

  // SIMD
  v128Load(offset: number): this {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  v128Store(offset: number): this {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  load32Splat(offset: number): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }
  load64Splat(offset: number): this {
    return this.simd(0x0a, 3, ...uleb(offset));
  }
  and(): this {
    return this.simd(0x4e);
  }
  or(): this {
    return this.simd(0x50);
  }
  xor(): this {
    return this.simd(0x51);
  }
  bitselect(): this {
    return this.simd(0x52);
  }
  anyTrue(): this {
    return this.simd(0x53);
  }
  i32x4Eq(): this {
    return this.simd(0x37);
  }
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  i32x4ShrU(): this {
    return this.simd(0xad);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  i64x2Eq(): this {
    return this.simd(0xd6);
  }
  i64x2Shl(): this {
    return this.simd(0xcb);
  }
  i64x2ShrU(): this {
    return this.simd(0xcd);
  }
  i64x2Add(): this {
    return this.simd(0xce);
  }

  encode(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups.at(-1);
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length)];
    for (const [count, type] of groups) body.push(...uleb(count), type);
    for (const b of this.code) body.push(b);
    body.push(0x0b);
    return [...uleb(body.length), ...body];
  }
}

export interface ModuleSpec {
  /** Exported functions; each takes `params` i32 arguments and returns one i32. */
  funcs: { name: string; params: number; body: FuncBuilder }[];
  memoryPages: number;
  /** Active data segments written into memory at instantiation. */
  data: { offset: number; bytes: Uint8Array }[];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

export function encodeModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const types = spec.funcs.map((f) => [0x60, ...uleb(f.params), ...Array(f.params).fill(I32), 1, I32]);
  const funcIdx = spec.funcs.map((_, i) => uleb(i));
  const memory = [[0x00, ...uleb(spec.memoryPages)]];
  const exports = [
    [...name('memory'), 0x02, 0],
    ...spec.funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
  ];
  const codes = spec.funcs.map((f) => f.body.encode());
  const data = spec.data.map((d) => [
    0x00,
    0x41,
    ...sleb(BigInt(d.offset)),
    0x0b,
    ...uleb(d.bytes.length),
    ...d.bytes,
  ]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(funcIdx)),
    ...section(5, vec(memory)),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
    ...section(11, vec(data)),
  ];
  return Uint8Array.from(bytes);
}
