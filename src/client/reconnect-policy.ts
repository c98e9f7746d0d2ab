/** Decides how long to wait before reconnect attempt `attempt` (0-based); null = give up. */
export interface ReconnectPolicy {
  nextDelayMs(attempt: number): number | null;
}

/** Base delays before each retry; the last one repeats until `maxAttempts`. */
const BASE_DELAYS_MS = [500, 3000, 5000, 7000] as const;
/** Documented default: give up after 10 attempts (about a minute of trying). */
export const DEFAULT_MAX_RECONNECT_ATTEMPTS = 10;

/**
 * Jittered backoff: the first try comes within 1 s (0–1 s), then about 3 s, 5 s and 7 s
 * (each ×0.5–1.5 so a restarted server is not hit by every client at once), capped at
 * 7 s × 1.5; after `maxAttempts` tries it gives up.
 */
export class BackoffReconnectPolicy implements ReconnectPolicy {
  constructor(
    private readonly maxAttempts = DEFAULT_MAX_RECONNECT_ATTEMPTS,
    private readonly random: () => number = Math.random,
  ) {}

  nextDelayMs(attempt: number): number | null {
    if (attempt >= this.maxAttempts) return null;
    const base = BASE_DELAYS_MS[Math.min(attempt, BASE_DELAYS_MS.length - 1)] ?? 7000;
    const jitter = 0.5 + this.random();
    return Math.round(attempt === 0 ? base * 2 * this.random() : base * jitter);
  }
}
