/** Turns work items (chunks of word-list lines, or lists of strings) into candidates for a Checker. */
import { decodePythonLiteral, forEachMutation } from './candidates.ts';
import type { Checker } from './checkers.ts';

export type LineFormat = 'plain' | 'python-literal';

export type WorkItem =
  /** Whole lines (LF or CRLF); blank lines are skipped. */
  | { kind: 'lines'; id: number; bytes: Uint8Array; format: LineFormat; mutations: boolean }
  /** Exact secrets (the empty string included). */
  | { kind: 'values'; id: number; values: (string | Uint8Array)[]; mutations: boolean };

export interface ItemResult {
  id: number;
  tried: number;
  hit?: Uint8Array;
  /** The chunk's buffer, handed back for reuse (lines items from a worker). */
  buffer?: ArrayBuffer;
}

const ARENA_BYTES = 1 << 20;
const strict = new TextDecoder('utf-8', { fatal: true });

export class Scanner {
  private readonly checker: Checker;
  private arena = Buffer.allocUnsafe(ARENA_BYTES);
  private arenaPos = 0;
  private tried = 0;
  private hit: Uint8Array | undefined;

  constructor(checker: Checker) {
    this.checker = checker;
  }

  process(item: WorkItem): ItemResult {
    this.tried = 0;
    this.hit = undefined;
    if (item.kind === 'lines' && item.format === 'plain' && !item.mutations) {
      const r = this.checker.addLines(item.bytes);
      this.tried = r.tried;
      this.hit = r.hit ?? this.checker.flush();
    } else {
      if (item.kind === 'lines') this.lines(item.bytes, item.format, item.mutations);
      else
        for (let i = 0; i < item.values.length && !this.hit; i++) this.value(item.values[i]!, item.mutations);
      this.hit ??= this.checker.flush();
      this.arenaPos = 0;
    }
    return this.hit ? { id: item.id, tried: this.tried, hit: this.hit } : { id: item.id, tried: this.tried };
  }

  private lines(bytes: Uint8Array, format: LineFormat, mutations: boolean): void {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let pos = 0; pos < buf.length && !this.hit; ) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0) nl = buf.length;
      const end = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (end > pos) {
        const decoded =
          format === 'python-literal' ? decodePythonLiteral(buf.toString('utf8', pos, end)) : undefined;
        const bytesOf = decoded ?? buf.subarray(pos, end);
        if (!mutations) this.bytes(bytesOf);
        else {
          let word: string | undefined;
          try {
            word = strict.decode(bytesOf);
          } catch {
            word = undefined;
          }
          if (word === undefined) this.bytes(bytesOf);
          else this.value(word, true);
        }
      }
      pos = nl + 1;
    }
  }

  private value(word: string | Uint8Array, mutations: boolean): void {
    if (typeof word !== 'string') this.bytes(word);
    else if (!mutations) this.string(word);
    else forEachMutation(word, (c) => this.string(c));
  }

  private bytes(b: Uint8Array): void {
    if (this.hit) return;
    this.tried++;
    this.hit = this.checker.add(b, 0, b.length);
  }

  private string(s: string): void {
    if (this.hit) return;
    const need = s.length * 3;
    if (need > ARENA_BYTES) {
      this.bytes(Buffer.from(s, 'utf8'));
      return;
    }
    if (this.arenaPos + need > ARENA_BYTES) {
      this.hit = this.checker.flush();
      if (this.hit) return;
      // Queued candidates may point into the old arena until they are tested; they just were.
      this.arenaPos = 0;
    }
    const start = this.arenaPos;
    const written = this.arena.write(s, start, 'utf8');
    this.arenaPos += written;
    this.tried++;
    this.hit = this.checker.add(this.arena, start, start + written);
    if (this.checker.pending === 0) this.arenaPos = 0;
  }
}
