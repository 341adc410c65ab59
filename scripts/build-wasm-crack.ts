/**
 * Regenerates the prebuilt cracking kernels (src/crack/wasm/prebuilt/*.wasm) from the generator in
 * src/crack/wasm/kernels.ts. Run after changing the generator:
 *   node scripts/build-wasm-crack.ts
 * test/crack/prebuilt.test.ts fails while the files and the generator disagree. Without the files
 * the kernels are generated at run time, so nothing depends on having run this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildKernel, KERNEL_KINDS, kernelFile } from '../src/crack/wasm/kernels.ts';

for (const kind of KERNEL_KINDS) {
  const url = kernelFile(kind);
  mkdirSync(new URL('.', url), { recursive: true });
  const bytes = buildKernel(kind);
  writeFileSync(url, bytes);
  console.log(`${url.pathname}: ${bytes.length} bytes`);
}
