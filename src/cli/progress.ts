/** A one-line live status on a TTY; silent in CI, pipes, or with NO_COLOR. */
export class Progress {
  readonly #live: boolean;
  #last = '';
  #lastWrite = 0;

  constructor(stream: NodeJS.WriteStream, enabled: boolean) {
    this.#live = enabled && stream.isTTY === true && !process.env.CI && !process.env.NO_COLOR;
  }

  get live(): boolean {
    return this.#live;
  }

  update(event: { check?: string; message: string; requests: number }): void {
    if (!this.#live) return;
    const now = Date.now();
    if (now - this.#lastWrite < 80) return;
    this.#lastWrite = now;
    const width = process.stderr.columns ?? 100;
    const text = `${event.requests} req · ${event.check ? `${event.check}: ` : ''}${event.message}`.slice(
      0,
      width - 1,
    );
    if (text === this.#last) return;
    this.#last = text;
    process.stderr.write(`\r\u001b[2K${text}`);
  }

  done(): void {
    if (this.#live) process.stderr.write('\r\u001b[2K');
  }
}
