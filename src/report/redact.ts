const MIN_SECRET_LENGTH = 4;
export const REDACTED = '[REDACTED]';

/**
 * Remembers every secret the scan handles (tokens, passwords, cookies, derived values such as
 * Basic credentials) and removes them from anything that may be printed or stored.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    for (const encoded of [encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      if (encoded !== secret && encoded.length >= MIN_SECRET_LENGTH) this.#secrets.add(encoded);
    }
    this.#pattern = undefined;
  }

  redact(text: string): string {
    if (this.#secrets.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#secrets]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED);
  }

  /** Deep-redacts every string in a JSON-like value. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactValue(v);
      return out as T;
    }
    return value;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
