import type { Exchange, FingerprintSignal, StackFingerprint } from '../core/types.ts';
import { FINGERPRINT_RULES } from './rules.ts';

/** Collects stack evidence from exchanges as the scan runs; `result()` is pure over what was seen. */
export class FingerprintCollector {
  readonly #signals = new Map<string, FingerprintSignal>();

  observe(exchange: Exchange): void {
    if (!exchange.response) return;
    for (const rule of FINGERPRINT_RULES) {
      const key = `${rule.kind}:${rule.name}`;
      const existing = this.#signals.get(key);
      if (existing && (existing.confidence === 'confirmed' || rule.confidence === 'likely')) continue;
      const evidence = rule.test(exchange);
      if (evidence)
        this.#signals.set(key, { kind: rule.kind, name: rule.name, confidence: rule.confidence, evidence });
    }
  }

  result(): StackFingerprint {
    return summarise([...this.#signals.values()]);
  }
}

/**
 * When two names of one kind are equally sure, the more specific wins: CockroachDB speaks the
 * PostgreSQL protocol and produces PostgreSQL-looking errors, Flask runs on Werkzeug.
 */
const SPECIFIC: Record<string, number> = { cockroachdb: 2, postgresql: 1 };

export function summarise(signals: FingerprintSignal[]): StackFingerprint {
  const best = (kind: FingerprintSignal['kind']) =>
    signals
      .filter((s) => s.kind === kind)
      .sort(
        (a, b) =>
          (a.confidence === b.confidence ? 0 : a.confidence === 'confirmed' ? -1 : 1) ||
          (SPECIFIC[b.name] ?? 0) - (SPECIFIC[a.name] ?? 0),
      )[0]?.name;
  const out: StackFingerprint = { signals };
  const framework = best('framework');
  const server = best('server');
  const datastore = best('datastore');
  const language = best('language');
  if (framework) out.framework = framework;
  if (server) out.server = server;
  if (datastore) out.datastore = datastore;
  if (language) out.language = language;
  return out;
}
