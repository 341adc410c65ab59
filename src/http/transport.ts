import { Agent, errors as undiciErrors } from 'undici';
import type { Headers, RecordedRequest, RecordedResponse } from '../core/types.ts';
import { decodeBody } from './decode.ts';

export interface TransportOptions {
  timeoutMs: number;
  /** Maximum bytes read from the wire per response; the rest is discarded. */
  maxBodyBytes: number;
  connections: number;
}

/** A failure to get any HTTP response (refused, reset, timed out, aborted). */
export class TransportError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
  }
}

/**
 * The only place that touches the network. Pooled keep-alive connections, no redirects
 * followed, a per-request timeout, and a streamed body cap so a hostile server cannot
 * exhaust memory.
 */
export class Transport {
  readonly #agent: Agent;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#agent = new Agent({
      connections: options.connections,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4_000,
      maxHeaderSize: 64 * 1024,
    });
  }

  async send(request: RecordedRequest, signal: AbortSignal): Promise<RecordedResponse> {
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    try {
      const res = await this.#agent.request({
        origin: new URL(request.url).origin,
        path: pathAndQuery(request.url),
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: combined,
      });
      const { raw, truncated } = await readCapped(res.body, this.#options.maxBodyBytes, combined);
      const headers = normaliseHeaders(res.headers);
      const body = await decodeBody(
        raw,
        headerValue(headers, 'content-encoding'),
        this.#options.maxBodyBytes,
      );
      return {
        status: res.statusCode,
        headers,
        body: body.text,
        bytes: raw.length,
        truncated: truncated || body.truncated,
      };
    } catch (error) {
      if (timeout.aborted && !signal.aborted) {
        throw new TransportError('timeout', `no complete response within ${this.#options.timeoutMs} ms`);
      }
      if (signal.aborted) throw new TransportError('aborted', 'scan deadline reached');
      throw toTransportError(error);
    }
  }

  async close(): Promise<void> {
    await this.#agent.destroy().catch(() => undefined);
  }
}

function pathAndQuery(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown },
  cap: number,
  signal: AbortSignal,
): Promise<{ raw: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (signal.aborted) break;
    const room = cap - size;
    if (chunk.length >= room) {
      chunks.push(chunk.subarray(0, room));
      size += room;
      body.destroy();
      return { raw: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { raw: Buffer.concat(chunks), truncated: false };
}

function normaliseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const out: Headers = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = value;
  }
  return out;
}

export function headerValue(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function headerValues(headers: Headers, name: string): string[] {
  const v = headers[name.toLowerCase()];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function toTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const code = (error as { code?: string }).code ?? 'network';
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    ENOTFOUND: 'host not found',
    EHOSTUNREACH: 'host unreachable',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
    HPE_INVALID_HEADER_TOKEN: 'malformed response headers',
  };
  if (error instanceof undiciErrors.UndiciError || code in byCode) {
    return new TransportError(code, byCode[code] ?? (error as Error).message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(code, message.split('\n')[0] ?? 'network error');
}
