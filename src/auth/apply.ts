import type { RecordedRequest } from '../core/types.ts';
import type { Credential } from './credential.ts';

/** Returns a copy of the request carrying the credentials where they belong. Pure. */
export function applyCredentials(
  request: RecordedRequest,
  credentials: readonly Credential[],
): RecordedRequest {
  const headers = { ...request.headers };
  const url = new URL(request.url);
  const cookies: string[] = [];
  for (const { placement, value } of credentials) {
    switch (placement.in) {
      case 'header':
        setHeader(headers, placement.name, placement.scheme ? `${placement.scheme} ${value}` : value);
        break;
      case 'cookie':
        cookies.push(`${placement.name}=${value}`);
        break;
      case 'query':
        url.searchParams.set(placement.name, value);
        break;
    }
  }
  if (cookies.length > 0) {
    const existing = getHeader(headers, 'cookie');
    setHeader(headers, 'cookie', existing ? `${existing}; ${cookies.join('; ')}` : cookies.join('; '));
  }
  return { ...request, url: url.toString(), headers };
}

function findKey(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const key = findKey(headers, name);
  return key === undefined ? undefined : headers[key];
}

export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const key = findKey(headers, name);
  if (key !== undefined && key !== name) delete headers[key];
  headers[name] = value;
}
