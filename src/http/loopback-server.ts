import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small server-side helpers for the HTTP servers apiward itself runs on loopback: the demo API
 * and the JWKS listener (and the tests' and benchmarks' fixture APIs).
 */
export interface LoopbackListener {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port; `close()` also drops keep-alive connections. */
export function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Reads a request body as text, stopping after `limit` characters. */
export async function readBody(req: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) break;
  }
  return body;
}
