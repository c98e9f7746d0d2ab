/**
 * Runs tasks one after another, at most `limit` waiting: a member's SFU requests reach
 * Janus in the order they came, and a client that floods gets refused instead of
 * growing the server's memory. A task's failure never stops the ones after it.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();
  #size = 0;
  #closed = false;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#size;
  }

  /** Queues `task`; false (and nothing queued) when the queue is full or closed. */
  push(task: () => Promise<void>): boolean {
    if (this.#closed || this.#size >= this.limit) return false;
    this.#size++;
    this.#tail = this.#tail
      .then(() => (this.#closed ? undefined : task()))
      .catch(() => undefined)
      .finally(() => {
        this.#size--;
      });
    return true;
  }

  /** Tasks not yet started are skipped; idempotent. */
  close(): void {
    this.#closed = true;
  }
}
