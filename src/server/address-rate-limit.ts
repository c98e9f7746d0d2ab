import { TokenBucket } from './rate-limiter.js';

/** Buckets kept at most; beyond it those idle longest go (keys are client addresses). */
const MAX_KEYS = 10_000;

/**
 * A token bucket per client address bucket: `perMinute` requests a minute, in bursts of as
 * many. Memory stays bounded however many addresses ask.
 */
export class AddressRateLimit {
  readonly #buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request's token for `key`; false when it is over its rate. */
  take(key: string): boolean {
    const now = this.now();
    let entry = this.#buckets.get(key);
    if (entry === undefined) {
      if (this.#buckets.size >= MAX_KEYS) this.#forget(now);
      entry = { bucket: new TokenBucket(this.perMinute / 60, this.perMinute, now), usedAt: now };
    }
    // Re-inserted on every use: the Map's order is then least recently used first.
    this.#buckets.delete(key);
    entry.usedAt = now;
    this.#buckets.set(key, entry);
    return entry.bucket.take(now);
  }

  /** Seconds until one more request would pass (for Retry-After). */
  get retryAfterSeconds(): number {
    return Math.ceil(60 / this.perMinute);
  }

  #forget(now: number): void {
    const refilledAfter = 60_000;
    for (const [key, entry] of this.#buckets) {
      // A bucket idle for a minute is full again: forgetting it changes nothing.
      if (now - entry.usedAt >= refilledAfter || this.#buckets.size >= MAX_KEYS)
        this.#buckets.delete(key);
      else break;
    }
  }
}
