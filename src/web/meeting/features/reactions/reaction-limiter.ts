/** How many reactions one participant may show: a burst, then one per interval. */
export interface ReactionLimits {
  readonly burst: number;
  readonly intervalMs: number;
}

/** 5 at once, then one every 700 ms: enough to cheer, not enough to cover the screen. */
export const DEFAULT_REACTION_LIMITS: ReactionLimits = { burst: 5, intervalMs: 700 };

/** A token bucket per sender, applied on receipt (a peer cannot be trusted to slow down). */
export class ReactionLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limits: ReactionLimits = DEFAULT_REACTION_LIMITS) {}

  /** Whether this sender's reaction is shown now. */
  allow(sender: string, nowMs: number): boolean {
    const { burst, intervalMs } = this.limits;
    const bucket = this.#buckets.get(sender) ?? { tokens: burst, at: nowMs };
    const refilled = Math.min(burst, bucket.tokens + (nowMs - bucket.at) / intervalMs);
    const allowed = refilled >= 1;
    this.#buckets.set(sender, { tokens: allowed ? refilled - 1 : refilled, at: nowMs });
    return allowed;
  }

  forget(sender: string): void {
    this.#buckets.delete(sender);
  }
}
