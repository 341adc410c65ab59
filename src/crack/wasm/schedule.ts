/** Scalar precomputation of the constant tail blocks of an HMAC inner hash, for the kernels. */
import { expandSchedule, type HashDef, mask } from './hashdefs.ts';

/**
 * The inner hash of HMAC(key, message) is H((key ⊕ ipad) ‖ message). Only the first block depends
 * on the key; the blocks after it (message, 0x80, zeros, bit length) are the same for every
 * candidate, so their schedules W[t] + K[t] are computed once here.
 * Returns the per-round words, little-endian, `rounds` words per block.
 */
export function tailSchedules(def: HashDef, message: Uint8Array): { bytes: Uint8Array; blocks: number } {
  const b = def.blockBytes;
  const total = b + message.length;
  const padded = Math.ceil((total + 1 + def.lengthBytes) / b) * b;
  const tail = new Uint8Array(padded - b);
  tail.set(message);
  tail[message.length] = 0x80;
  const view = new DataView(tail.buffer);
  const bits = BigInt(total) * 8n;
  view.setBigUint64(tail.length - 8, bits);
  const blocks = tail.length / b;
  const wordBytes = def.width / 8;
  const out = new Uint8Array(blocks * def.rounds * wordBytes);
  const outView = new DataView(out.buffer);
  const m = mask(def);
  for (let blk = 0; blk < blocks; blk++) {
    const words: bigint[] = [];
    for (let i = 0; i < 16; i++) {
      const o = blk * b + i * wordBytes;
      words.push(wordBytes === 4 ? BigInt(view.getUint32(o)) : view.getBigUint64(o));
    }
    const w = expandSchedule(def, words);
    for (let t = 0; t < def.rounds; t++) {
      const v = (w[t]! + def.k[t]!) & m;
      const o = (blk * def.rounds + t) * wordBytes;
      if (wordBytes === 4) outView.setUint32(o, Number(v), true);
      else outView.setBigUint64(o, v, true);
    }
  }
  return { bytes: out, blocks };
}
