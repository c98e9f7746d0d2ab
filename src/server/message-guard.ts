import type { ServerOptions } from './options.js';
import { StrikeCounter, TokenBucket } from './rate-limiter.js';

const STRIKE_WINDOW_MS = 10_000;
const RATE_LIMIT_NOTICE_INTERVAL_MS = 1000;

/**
 * pass: handle the frame · drop: over the rate, silently · notify: over the rate, tell the
 * client (at most once a second: answering every dropped frame would double a flood) ·
 * abusive: close the connection.
 */
export type FrameVerdict = 'pass' | 'drop' | 'notify' | 'abusive';

/** Per-connection rate limit and abuse detection (rejected messages per 10 s). */
export class MessageGuard {
  readonly #bucket: TokenBucket;
  readonly #strikes: StrikeCounter;
  #lastNotice = -Infinity;

  constructor(
    options: Pick<ServerOptions, 'rateLimitPerSecond' | 'rateLimitBurst' | 'abuseStrikeLimit'>,
    nowMs: number,
  ) {
    this.#bucket = new TokenBucket(options.rateLimitPerSecond, options.rateLimitBurst, nowMs);
    this.#strikes = new StrikeCounter(options.abuseStrikeLimit, STRIKE_WINDOW_MS, nowMs);
  }

  /** Every incoming frame, before it is parsed. */
  onFrame(nowMs: number): FrameVerdict {
    if (this.#bucket.take(nowMs)) return 'pass';
    if (this.#strikes.strike(nowMs)) return 'abusive';
    if (nowMs - this.#lastNotice < RATE_LIMIT_NOTICE_INTERVAL_MS) return 'drop';
    this.#lastNotice = nowMs;
    return 'notify';
  }

  /** A frame that was rejected as malformed; true when the connection is now abusive. */
  onInvalid(nowMs: number): boolean {
    return this.#strikes.strike(nowMs);
  }
}
