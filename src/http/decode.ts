import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface DecodedBody {
  text: string;
  truncated: boolean;
}

/**
 * Decompresses at most `cap` bytes of output, so a gzip bomb inflates to a bounded string.
 * Corrupt or truncated compressed data yields whatever decoded cleanly.
 */
export async function decodeBody(
  raw: Buffer,
  encoding: string | undefined,
  cap: number,
): Promise<DecodedBody> {
  const enc = encoding?.trim().toLowerCase();
  const make =
    enc === 'gzip' || enc === 'x-gzip'
      ? createGunzip
      : enc === 'deflate'
        ? createInflate
        : enc === 'br'
          ? createBrotliDecompress
          : undefined;
  if (!make || raw.length === 0) return { text: raw.toString('utf8'), truncated: false };

  const stream = make();
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      const room = cap - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size = cap;
        truncated = true;
        stream.destroy();
        resolve();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
    stream.end(raw);
  });
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}
