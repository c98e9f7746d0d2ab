/**
 * Spaces out the relay messages of all transfers together (a token bucket), so that the
 * server's per-connection rate limit is never reached and nothing is dropped.
 */
export class RelayPacer {
  #tokens: number;
  #at = performance.now();
  #queue: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, Math.floor(perSecond / 2)),
  ) {
    this.#tokens = burst;
  }

  /** Resolves when one message may go. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.#queue.push(resolve);
      this.#drain();
    });
  }

  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue = [];
  }

  #drain(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    while (this.#queue.length > 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#queue.shift()?.();
    }
    if (this.#queue.length === 0 || this.#timer !== null) return;
    const waitMs = ((1 - this.#tokens) / this.perSecond) * 1000;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#drain();
    }, Math.ceil(waitMs));
  }
}
