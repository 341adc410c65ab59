import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../../http/loopback-server.ts';

/** A request the target made to apiward's listener: the server-side fetch that proves it follows header URLs. */
export interface Fetch {
  method: string;
  path: string;
  from: string;
  userAgent?: string;
  at: string;
}

export interface KeyListener {
  /** Base URL, e.g. http://127.0.0.1:41234/apiward-3f9a…; every document lives under it. */
  base: string;
  /** Serve `body` at `base + path`. */
  serve(path: string, contentType: string, body: string): string;
  fetches: Fetch[];
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The listener is only ever started for a loopback target: the target can reach it, nothing else is involved. */
export function isLoopbackTarget(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/** Starts an HTTP listener on 127.0.0.1 (ephemeral port) that serves key documents and logs who fetched them. */
export function startKeyListener(): Promise<KeyListener> {
  const prefix = `/apiward-${randomBytes(6).toString('hex')}`;
  const documents = new Map<string, { type: string; body: string }>();
  const fetches: Fetch[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const entry: Fetch = {
      method: req.method ?? 'GET',
      path,
      from: req.socket.remoteAddress ?? '?',
      at: new Date().toISOString(),
    };
    const ua = req.headers['user-agent'];
    if (typeof ua === 'string') entry.userAgent = ua.slice(0, 200);
    fetches.push(entry);
    const doc = documents.get(path);
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': doc.type });
    res.end(doc.body);
  });
  return listenOnLoopback(server).then(({ url, close }) => {
    const base = `${url}${prefix}`;
    return {
      base,
      fetches,
      serve(path, contentType, body) {
        documents.set(`${prefix}${path}`, { type: contentType, body });
        return `${base}${path}`;
      },
      close,
    };
  });
}

/** One line per fetch for evidence facts. Pure. */
export function describeFetch(f: Fetch): string {
  return `${f.method} ${f.path} from ${f.from} at ${f.at}${f.userAgent ? ` (User-Agent: ${f.userAgent})` : ''}`;
}
