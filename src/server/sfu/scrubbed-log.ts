/** Replaces every secret in a log line by this. */
export const REDACTED = '[redacted]';

/**
 * The tail of a child process's output, line by line, with secrets replaced before a line
 * is stored or passed on. Bounded: only the last `maxChars` are kept. An unfinished line
 * is held back (a secret could be split across two chunks) until it ends or `flush()`.
 */
export class ScrubbedLog {
  readonly #secrets: readonly string[];
  readonly #maxChars: number;
  readonly #onLine: ((line: string) => void) | undefined;
  #partial = '';
  #text = '';

  constructor(secrets: readonly string[], maxChars = 64 * 1024, onLine?: (line: string) => void) {
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
    this.#maxChars = maxChars;
    this.#onLine = onLine;
  }

  write(chunk: string): void {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    // A line longer than the whole buffer is cut, not kept growing.
    if (this.#partial.length > this.#maxChars) this.#partial = this.#partial.slice(-this.#maxChars);
    for (const line of lines) this.#append(line);
  }

  /** Stores the unfinished line too (the process has exited). */
  flush(): void {
    if (this.#partial === '') return;
    const line = this.#partial;
    this.#partial = '';
    this.#append(line);
  }

  text(): string {
    return this.#text;
  }

  #append(raw: string): void {
    let line = raw;
    for (const secret of this.#secrets) line = line.replaceAll(secret, REDACTED);
    // One huge line must not push everything else out (or be dropped whole).
    line = line.slice(0, this.#maxChars - 1);
    this.#text += `${line}\n`;
    if (this.#text.length > this.#maxChars) {
      const cut = this.#text.indexOf('\n', this.#text.length - this.#maxChars - 1);
      this.#text = cut === -1 ? '' : this.#text.slice(cut + 1);
    }
    this.#onLine?.(line);
  }
}
