/** Constants of SHA-1 and the SHA-2 family (FIPS 180-4), as bigints so one table serves 32- and 64-bit words. */

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface HashDef {
  name: HashName;
  /** Word size in bits. */
  width: 32 | 64;
  blockBytes: 64 | 128;
  rounds: 64 | 80;
  /** Per-round constant. */
  k: readonly bigint[];
  iv: readonly bigint[];
  /** Digest length in words (SHA-384 keeps 6 of its 8 state words). */
  digestWords: number;
  /** Bytes of the big-endian length field in the final block. */
  lengthBytes: 8 | 16;
}

const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
].map(BigInt);

const K512 = [
  '428a2f98d728ae22',
  '7137449123ef65cd',
  'b5c0fbcfec4d3b2f',
  'e9b5dba58189dbbc',
  '3956c25bf348b538',
  '59f111f1b605d019',
  '923f82a4af194f9b',
  'ab1c5ed5da6d8118',
  'd807aa98a3030242',
  '12835b0145706fbe',
  '243185be4ee4b28c',
  '550c7dc3d5ffb4e2',
  '72be5d74f27b896f',
  '80deb1fe3b1696b1',
  '9bdc06a725c71235',
  'c19bf174cf692694',
  'e49b69c19ef14ad2',
  'efbe4786384f25e3',
  '0fc19dc68b8cd5b5',
  '240ca1cc77ac9c65',
  '2de92c6f592b0275',
  '4a7484aa6ea6e483',
  '5cb0a9dcbd41fbd4',
  '76f988da831153b5',
  '983e5152ee66dfab',
  'a831c66d2db43210',
  'b00327c898fb213f',
  'bf597fc7beef0ee4',
  'c6e00bf33da88fc2',
  'd5a79147930aa725',
  '06ca6351e003826f',
  '142929670a0e6e70',
  '27b70a8546d22ffc',
  '2e1b21385c26c926',
  '4d2c6dfc5ac42aed',
  '53380d139d95b3df',
  '650a73548baf63de',
  '766a0abb3c77b2a8',
  '81c2c92e47edaee6',
  '92722c851482353b',
  'a2bfe8a14cf10364',
  'a81a664bbc423001',
  'c24b8b70d0f89791',
  'c76c51a30654be30',
  'd192e819d6ef5218',
  'd69906245565a910',
  'f40e35855771202a',
  '106aa07032bbd1b8',
  '19a4c116b8d2d0c8',
  '1e376c085141ab53',
  '2748774cdf8eeb99',
  '34b0bcb5e19b48a8',
  '391c0cb3c5c95a63',
  '4ed8aa4ae3418acb',
  '5b9cca4f7763e373',
  '682e6ff3d6b2b8a3',
  '748f82ee5defb2fc',
  '78a5636f43172f60',
  '84c87814a1f0ab72',
  '8cc702081a6439ec',
  '90befffa23631e28',
  'a4506cebde82bde9',
  'bef9a3f7b2c67915',
  'c67178f2e372532b',
  'ca273eceea26619c',
  'd186b8c721c0c207',
  'eada7dd6cde0eb1e',
  'f57d4f7fee6ed178',
  '06f067aa72176fba',
  '0a637dc5a2c898a6',
  '113f9804bef90dae',
  '1b710b35131c471b',
  '28db77f523047d84',
  '32caab7b40c72493',
  '3c9ebe0a15c9bebc',
  '431d67c49c100d4c',
  '4cc5d4becb3e42b6',
  '597f299cfc657e2a',
  '5fcb6fab3ad6faec',
  '6c44198c4a475817',
].map((h) => BigInt(`0x${h}`));

const hex64 = (list: string[]): bigint[] => list.map((h) => BigInt(`0x${h}`));

export const HASHES: Record<HashName, HashDef> = {
  sha1: {
    name: 'sha1',
    width: 32,
    blockBytes: 64,
    rounds: 80,
    k: Array.from({ length: 80 }, (_, t) =>
      BigInt([0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6][(t / 20) | 0]!),
    ),
    iv: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0].map(BigInt),
    digestWords: 5,
    lengthBytes: 8,
  },
  sha256: {
    name: 'sha256',
    width: 32,
    blockBytes: 64,
    rounds: 64,
    k: K256,
    iv: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map(
      BigInt,
    ),
    digestWords: 8,
    lengthBytes: 8,
  },
  sha384: {
    name: 'sha384',
    width: 64,
    blockBytes: 128,
    rounds: 80,
    k: K512,
    iv: hex64([
      'cbbb9d5dc1059ed8',
      '629a292a367cd507',
      '9159015a3070dd17',
      '152fecd8f70e5939',
      '67332667ffc00b31',
      '8eb44a8768581511',
      'db0c2e0d64f98fa7',
      '47b5481dbefa4fa4',
    ]),
    digestWords: 6,
    lengthBytes: 16,
  },
  sha512: {
    name: 'sha512',
    width: 64,
    blockBytes: 128,
    rounds: 80,
    k: K512,
    iv: hex64([
      '6a09e667f3bcc908',
      'bb67ae8584caa73b',
      '3c6ef372fe94f82b',
      'a54ff53a5f1d36f1',
      '510e527fade682d1',
      '9b05688c2b3e6c1f',
      '1f83d9abfb41bd6b',
      '5be0cd19137e2179',
    ]),
    digestWords: 8,
    lengthBytes: 16,
  },
};

export function mask(def: HashDef): bigint {
  return (1n << BigInt(def.width)) - 1n;
}

export function rotr(def: HashDef, x: bigint, n: number): bigint {
  const w = BigInt(def.width);
  const b = BigInt(n);
  return ((x >> b) | (x << (w - b))) & mask(def);
}

/** Small sigmas of the SHA-2 message schedule (σ0, σ1). */
export function smallSigma(def: HashDef, which: 0 | 1, x: bigint): bigint {
  const [r1, r2, s] = sigmaParams(def, which);
  return rotr(def, x, r1) ^ rotr(def, x, r2) ^ (x >> BigInt(s));
}

export function sigmaParams(def: HashDef, which: 0 | 1): [number, number, number] {
  if (def.width === 32) return which === 0 ? [7, 18, 3] : [17, 19, 10];
  return which === 0 ? [1, 8, 7] : [19, 61, 6];
}

/** Rotation amounts of the round functions Σ0 and Σ1. */
export function bigSigmaParams(def: HashDef, which: 0 | 1): [number, number, number] {
  if (def.width === 32) return which === 0 ? [2, 13, 22] : [6, 11, 25];
  return which === 0 ? [28, 34, 39] : [14, 18, 41];
}

/** Expands 16 block words into the full message schedule (scalar, used for constant blocks). */
export function expandSchedule(def: HashDef, block: readonly bigint[]): bigint[] {
  const w = [...block];
  const m = mask(def);
  for (let t = 16; t < def.rounds; t++) {
    if (def.name === 'sha1') {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w.push(((x << 1n) | (x >> 31n)) & m);
    } else {
      w.push((smallSigma(def, 1, w[t - 2]!) + w[t - 7]! + smallSigma(def, 0, w[t - 15]!) + w[t - 16]!) & m);
    }
  }
  return w;
}
