/**
 * Chromium picks a copy's first resolution from the bandwidth estimate of its first
 * frames, which starts low (about 300 kbit/s): a 360p tile's copy starts at 270p or less,
 * and its quality scaler only climbs back when the picture is very cheap to encode, which a
 * camera rarely is. So a copy can stay below its tile long after the estimate carries it
 * (measured: 270 of 360 px for a whole call with 1.4 Mbit/s available for 0.66 planned).
 * This says when a copy is held down that way, so that its sender is asked to drop the
 * encoder's adaptations (peer.ts, `resetVideoAdaptation`); each copy is asked again only
 * after a longer wait, in case the encoder had a reason after all.
 */

/** Below this share of the height planned for it, a copy counts as held down. */
export const HELD_DOWN_SHARE = 0.9;
/** Samples in a row a copy must be held down before its sender is asked. */
export const HELD_DOWN_SAMPLES = 2;
/** The wait before asking again grows from this, doubling, up to the maximum. */
export const RESET_BACKOFF_FIRST_MS = 8000;
export const RESET_BACKOFF_MAX_MS = 64_000;

/** One copy's reading, with what the plan gives it. */
export interface CopyReading {
  /** Height the encoder sends now (outbound-rtp frameHeight); 0 when unknown. */
  readonly frameHeight: number;
  /** Height the plan asks for (the tile's, at most the capture's). */
  readonly plannedHeight: number;
  /** Bits per second the plan allows the copy. */
  readonly plannedBps: number;
  /** What the connection's bandwidth estimate says it carries; null when unknown. */
  readonly availableBps: number | null;
  /** Why the browser holds the copy back. */
  readonly limitation: 'none' | 'cpu' | 'bandwidth' | 'other';
  /** The copy's bandwidth estimate is still ramping up: nothing to conclude yet. */
  readonly rampingUp: boolean;
}

interface CopyState {
  heldDown: number;
  nextAllowedAt: number;
  backoffMs: number;
}

export class StaleDownscale {
  readonly #copies = new Map<string, CopyState>();

  /** Whether to ask copy `id`'s sender to drop its adaptations now. */
  shouldReset(id: string, reading: CopyReading, now: number): boolean {
    const state = this.#copies.get(id) ?? {
      heldDown: 0,
      nextAllowedAt: 0,
      backoffMs: RESET_BACKOFF_FIRST_MS,
    };
    this.#copies.set(id, state);
    if (!isHeldDown(reading)) {
      state.heldDown = 0;
      return false;
    }
    state.heldDown++;
    if (state.heldDown < HELD_DOWN_SAMPLES || now < state.nextAllowedAt) return false;
    state.heldDown = 0;
    state.nextAllowedAt = now + state.backoffMs;
    state.backoffMs = Math.min(RESET_BACKOFF_MAX_MS, state.backoffMs * 2);
    return true;
  }

  forget(id: string): void {
    this.#copies.delete(id);
  }
}

/**
 * Held down by a stale bandwidth decision: smaller than planned, "bandwidth" given as the
 * reason, yet the connection's estimate carries the whole plan. The CPU's reasons are real.
 */
function isHeldDown(reading: CopyReading): boolean {
  const { frameHeight, plannedHeight, plannedBps, availableBps, limitation } = reading;
  return (
    !reading.rampingUp &&
    limitation === 'bandwidth' &&
    frameHeight > 0 &&
    frameHeight < plannedHeight * HELD_DOWN_SHARE &&
    availableBps !== null &&
    availableBps >= plannedBps
  );
}
