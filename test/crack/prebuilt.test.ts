import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildKernel, KERNEL_KINDS, kernelFile } from '../../src/crack/wasm/kernels.ts';

describe('prebuilt kernels', () => {
  for (const kind of KERNEL_KINDS) {
    it(`${kind}.wasm is what the generator produces (else run: node scripts/build-wasm-crack.ts)`, () => {
      const generated = buildKernel(kind);
      assert.ok(WebAssembly.validate(generated));
      assert.deepEqual(new Uint8Array(readFileSync(kernelFile(kind))), generated);
    });
  }
});
