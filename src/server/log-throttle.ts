import type { Logger } from './logger.js';

type Level = 'info' | 'warn';

/**
 * Logs a recurring event (an upgrade refused, a socket over its cap) at most `perWindow`
 * times per window and key, so an attacker cannot turn each cheap request into a log
 * line. The first line after a quiet spell says how many were left out meanwhile.
 */
export class LogThrottle {
  readonly #windows = new Map<string, { start: number; count: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly perWindow = 5,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  info(key: string, fields: Record<string, unknown>, message: string): void {
    this.#emit('info', key, fields, message);
  }

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    this.#emit('warn', key, fields, message);
  }

  #emit(level: Level, key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= this.windowMs) {
      const suppressed = window?.suppressed ?? 0;
      window = { start: now, count: 0, suppressed: 0 };
      this.#windows.set(key, window);
      if (suppressed > 0) fields = { ...fields, suppressed };
      // Bounded memory: old windows go once the map grows (keys can be client addresses).
      if (this.#windows.size > 1000) this.#forgetOld(now);
    }
    if (window.count >= this.perWindow) {
      window.suppressed += 1;
      return;
    }
    window.count += 1;
    this.log[level](fields, message);
  }

  #forgetOld(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start >= this.windowMs) this.#windows.delete(key);
    }
  }
}
