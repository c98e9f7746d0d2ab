/** Tuning of active-speaker detection; the defaults suit 200 ms sampling. */
export interface ActiveSpeakerOptions {
  /** Smoothed level (0–1) above which someone counts as speaking. */
  readonly threshold: number;
  /** Weight of a new sample in the moving average (0–1). */
  readonly smoothing: number;
  /** The current speaker keeps the highlight at least this long, so it does not flicker. */
  readonly holdMs: number;
  /** A challenger must be this much louder than the current speaker to take over. */
  readonly margin: number;
}

export const DEFAULT_ACTIVE_SPEAKER: ActiveSpeakerOptions = {
  threshold: 0.04,
  smoothing: 0.4,
  holdMs: 1200,
  margin: 1.5,
};

/**
 * Picks who is speaking from audio levels sampled on this device (our microphone and each
 * received audio track): the loudest smoothed level above a threshold, with hysteresis.
 * Pure: feed it samples and a clock.
 */
export class ActiveSpeaker {
  readonly #options: ActiveSpeakerOptions;
  readonly #levels = new Map<string, number>();
  #speaker: string | null = null;
  #since = 0;

  constructor(options: Partial<ActiveSpeakerOptions> = {}) {
    this.#options = { ...DEFAULT_ACTIVE_SPEAKER, ...options };
  }

  get speaker(): string | null {
    return this.#speaker;
  }

  /** One sample per participant (absent = gone); returns the speaker after it. */
  update(samples: ReadonlyMap<string, number>, nowMs: number): string | null {
    const { smoothing, threshold, holdMs, margin } = this.#options;
    for (const id of [...this.#levels.keys()]) if (!samples.has(id)) this.#levels.delete(id);
    for (const [id, level] of samples) {
      const previous = this.#levels.get(id) ?? 0;
      this.#levels.set(id, previous + smoothing * (clamp(level) - previous));
    }
    let loudest: string | null = null;
    let loudestLevel = threshold;
    for (const [id, level] of this.#levels) {
      if (level > loudestLevel) {
        loudest = id;
        loudestLevel = level;
      }
    }
    const current = this.#speaker;
    const currentLevel = current === null ? 0 : (this.#levels.get(current) ?? 0);
    const held = current !== null && this.#levels.has(current) && nowMs - this.#since < holdMs;
    if (loudest === null) {
      if (!held) this.#set(null, nowMs);
    } else if (loudest !== current) {
      const clearlyLouder = currentLevel < threshold || loudestLevel > currentLevel * margin;
      if (!held && clearlyLouder) this.#set(loudest, nowMs);
    }
    return this.#speaker;
  }

  #set(speaker: string | null, nowMs: number): void {
    if (speaker === this.#speaker) return;
    this.#speaker = speaker;
    this.#since = nowMs;
  }
}

function clamp(level: number): number {
  return Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0;
}
