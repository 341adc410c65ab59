/**
 * Where candidates come from, cut into work items. Files are streamed in chunks of whole lines, so
 * memory stays flat whatever their size.
 */
import { open } from 'node:fs/promises';
import { BUILTIN_BYTE_SECRETS, BUILTIN_SECRETS } from './builtin-secrets.ts';
import type { LineFormat, WorkItem } from './scanner.ts';

export type CandidateSource =
  /** Our curated list of default, placeholder and tutorial secrets (includes the empty secret). */
  | { kind: 'builtin' }
  /** A word list: one secret per line (LF or CRLF, optional UTF-8 BOM, blank lines skipped). */
  | { kind: 'file'; path: string; format?: LineFormat }
  /** Exact values (strings are tried as UTF-8). */
  | { kind: 'list'; values: readonly (string | Uint8Array)[] };

/** A work item without its id, the buffers to transfer with it, and the label for progress reports. */
export interface PendingItem {
  item: WorkItem;
  transfer: ArrayBuffer[];
  source: string;
}

export interface ChunkSizes {
  /** Bytes of lines per item. */
  fileBytes: number;
  /** Values per item. */
  values: number;
}

export function chunkSizes(mutations: boolean): ChunkSizes {
  return mutations ? { fileBytes: 4096, values: 32 } : { fileBytes: 256 * 1024, values: 4096 };
}

export function sourceLabel(source: CandidateSource): string {
  return source.kind === 'file' ? source.path : source.kind;
}

/**
 * Recycles chunk buffers: a chunk's ArrayBuffer travels to a worker and back, then holds the next
 * chunk. Without this, transferred buffers pile up until a garbage collection that may not come.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  take(minBytes: number): ArrayBuffer {
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i]!;
      if (b.byteLength >= minBytes) {
        this.free.splice(i, 1);
        return b;
      }
    }
    return new ArrayBuffer(minBytes);
  }

  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength > 0 && this.free.length < 64) this.free.push(buffer);
  }
}

export async function* workItems(
  sources: CandidateSource[],
  mutations: boolean,
  pool = new BufferPool(),
): AsyncGenerator<PendingItem> {
  const sizes = chunkSizes(mutations);
  let id = 0;
  for (const source of sources) {
    const label = sourceLabel(source);
    if (source.kind === 'file') {
      for await (const bytes of fileChunks(source.path, sizes.fileBytes, pool)) {
        yield {
          item: { kind: 'lines', id: id++, bytes, format: source.format ?? 'plain', mutations },
          transfer: [bytes.buffer as ArrayBuffer],
          source: label,
        };
      }
      continue;
    }
    const values: readonly (string | Uint8Array)[] =
      source.kind === 'builtin' ? [...BUILTIN_SECRETS, ...BUILTIN_BYTE_SECRETS] : source.values;
    for (let i = 0; i < values.length; i += sizes.values) {
      yield {
        item: { kind: 'values', id: id++, values: values.slice(i, i + sizes.values), mutations },
        transfer: [],
        source: label,
      };
    }
  }
}

/**
 * Reads `path` in chunks that end on a line boundary (the last one may lack its newline). Each
 * chunk has an ArrayBuffer of its own (taken from `pool`), so it can be transferred and given back.
 * A leading UTF-8 BOM is dropped.
 */
export async function* fileChunks(
  path: string,
  chunkBytes: number,
  pool = new BufferPool(),
): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    let carry = new Uint8Array(0);
    let first = true;
    for (;;) {
      const buf = new Uint8Array(pool.take(Math.max(2 * chunkBytes, carry.length + chunkBytes)));
      buf.set(carry);
      const { bytesRead } = await fh.read(buf, carry.length, chunkBytes, null);
      let data = buf.subarray(0, carry.length + bytesRead);
      if (first && (data.length >= 3 || bytesRead === 0)) {
        first = false;
        if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      } else if (first) {
        carry = data.slice();
        continue;
      }
      if (bytesRead === 0) {
        if (data.length > 0) yield data.slice();
        return;
      }
      const lastNl = data.lastIndexOf(10);
      if (lastNl < 0) {
        carry = data.slice();
        continue;
      }
      // The carry is copied out first, so the chunk's buffer can be handed over (transferred).
      carry = data.slice(lastNl + 1);
      yield data.subarray(0, lastNl + 1);
    }
  } finally {
    await fh.close();
  }
}
