/**
 * Token bucket: `ratePerSecond` tokens refill continuously up to `burst`. Each message
 * takes one. Time comes from the caller so tests need no timers.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    this.#tokens = burst;
    this.#updatedAt = nowMs;
  }

  /** Takes one token if available; returns whether the message may pass. */
  take(nowMs: number): boolean {
    const elapsedSeconds = Math.max(0, nowMs - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsedSeconds * this.ratePerSecond);
    this.#updatedAt = nowMs;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/**
 * Counts strikes (rate-limited or malformed messages) in a sliding window of fixed
 * buckets; a connection over `limit` strikes per window is abusive and gets closed.
 */
export class StrikeCounter {
  #windowStart: number;
  #count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    nowMs: number,
  ) {
    this.#windowStart = nowMs;
  }

  /** Records one strike; returns true when the connection is over its limit. */
  strike(nowMs: number): boolean {
    if (nowMs - this.#windowStart >= this.windowMs) {
      this.#windowStart = nowMs;
      this.#count = 0;
    }
    this.#count += 1;
    return this.#count > this.limit;
  }
}
