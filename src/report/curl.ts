import type { RecordedRequest } from '../core/types.ts';

const SKIP_HEADERS = new Set([
  'user-agent',
  'accept-encoding',
  'x-apiward-request',
  'content-length',
  'host',
]);

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** A copy-pasteable curl command for a recorded request. Pure; redaction happens on the finished report. */
export function toCurl(request: RecordedRequest): string {
  const parts = ['curl', '-i'];
  if (request.method === 'HEAD') parts.push('-I');
  else if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(quote(request.url));
  for (const [name, value] of Object.entries(request.headers)) {
    if (!SKIP_HEADERS.has(name.toLowerCase())) parts.push('-H', quote(`${name}: ${value}`));
  }
  if (request.body !== undefined) parts.push('--data-raw', quote(request.body));
  return parts.join(' ');
}
