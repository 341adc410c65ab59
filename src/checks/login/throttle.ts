/** Signs that a login endpoint is throttling or locking out. Pure. */
import type { Exchange } from '../../core/types.ts';
import { headerValue } from '../../http/transport.ts';
import { median } from './stats.ts';

const LOCKOUT =
  /\b(too many|rate.?limit(ed)?|throttl|locked|lockout|temporarily (blocked|disabled|unavailable)|try again (later|in)|slow down|captcha|account (is )?(disabled|suspended))/i;

export function throttleSign(exchange: Exchange): string | undefined {
  const r = exchange.response;
  if (!r) return exchange.error ? `request failed: ${exchange.error}` : undefined;
  if (r.status === 429) return 'HTTP 429 Too Many Requests';
  if (headerValue(r.headers, 'retry-after')) return `Retry-After: ${headerValue(r.headers, 'retry-after')}`;
  if (r.status === 503) return 'HTTP 503';
  const m = r.body.slice(0, 4000).match(LOCKOUT);
  if (m) return `lockout/throttling text "${m[0]}"`;
  return undefined;
}

/** Latency that climbs through a burst (progressive delays): the last samples much slower than the first. */
export function risingLatency(durations: readonly number[]): string | undefined {
  if (durations.length < 10) return undefined;
  const head = median(durations.slice(0, 5));
  const tail = median(durations.slice(-5));
  if (tail > head * 3 && tail - head > 250)
    return `latency rose from ~${Math.round(head)} ms to ~${Math.round(tail)} ms`;
  return undefined;
}
