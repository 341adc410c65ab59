import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../src/http/loopback-server.ts';

export interface TestServer {
  url: string;
  server: Server;
  /** Every request the server received, in order. */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

/** Starts a throwaway HTTP server on a free 127.0.0.1 port. */
export function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return listenOnLoopback(server).then(({ url, close }) => ({ url, server, requests, close }));
}

export { readBody, sendJson as json } from '../../src/http/loopback-server.ts';
