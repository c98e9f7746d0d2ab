import type { SenderBudget } from './encoding-plan.js';

/** Why the browser holds a sender back (`outbound-rtp.qualityLimitationReason`). */
export type LimitationReason = 'none' | 'cpu' | 'bandwidth' | 'other';

/** One reading of every camera sender of ours, taken together. */
export interface SenderSample {
  /** Video bits per second actually sent over all copies since the previous sample. */
  readonly sentBps: number;
  /** Sum of the browser's estimates of what each connection can carry, when known. */
  readonly availableBps: number | null;
  /** Whether any copy was held back, and why (bandwidth wins over cpu when both). */
  readonly limitation: LimitationReason;
  /** What the current plan lets all copies send together (their maxBitrate), bits/s. */
  readonly plannedBps: number;
  /** Pixels per second the encoders really produce (frame size × rate, all copies). */
  readonly encodedPixelRate: number;
}

export interface BudgetLimits {
  /** Where the budget starts and the most it grows to. */
  readonly start: SenderBudget;
  readonly max: SenderBudget;
  /** Never below this: enough for a small picture on a few copies. */
  readonly min: SenderBudget;
}

/** Defaults (`CallOptions.videoBudget`): see docs/client.md, "Video quality". */
export const DEFAULT_BUDGET_LIMITS: BudgetLimits = {
  // 4 Mbit/s and about one and a half 720p30 encodings (27.6 Mpx/s each): what a laptop
  // on home broadband carries; the browser's own limits bring it down from there.
  start: { uplinkBps: 4_000_000, pixelRate: 40_000_000 },
  max: { uplinkBps: 8_000_000, pixelRate: 60_000_000 },
  min: { uplinkBps: 250_000, pixelRate: 1_500_000 },
};

/** A network-limited sender: keep this share of what the network carries (room for audio). */
const BACK_OFF = 0.9;
/** The network is the limit only when it carries less than this share of the plan. */
const NETWORK_BINDS = 0.95;
/** A cpu-limited sender without frame figures: cut the encoding work by this factor. */
const CPU_BACK_OFF = 0.75;
/** Quiet samples in a row before the budget grows again, and by how much. */
const QUIET_SAMPLES_TO_GROW = 3;
const GROWTH = 1.15;

/**
 * The participant's video budget, learned from its senders: it falls when the browser says
 * the uplink or the CPU holds a copy back, and grows slowly while nothing does. In a mesh
 * every copy competes for the same uplink, so the budget is one number shared by all.
 */
export class BudgetEstimate {
  #budget: SenderBudget;
  #quiet = 0;
  #lastCut: 'bandwidth' | 'cpu' | null = null;

  constructor(private readonly limits: BudgetLimits = DEFAULT_BUDGET_LIMITS) {
    this.#budget = limits.start;
  }

  get budget(): SenderBudget {
    return this.#budget;
  }

  /** What last made the budget fall (null once it has grown back to where it started). */
  get lastCut(): 'bandwidth' | 'cpu' | null {
    return this.#lastCut;
  }

  /** Takes one sample; true when the budget changed. */
  observe(sample: SenderSample): boolean {
    const before = this.#budget;
    if (sample.limitation === 'bandwidth') {
      this.#quiet = 0;
      // Chromium also says "bandwidth" when our own maxBitrate is what holds the encoder
      // back: only an estimate below the plan shows the uplink is the limit.
      const available = sample.availableBps;
      if (available === null || available >= sample.plannedBps * NETWORK_BINDS) return false;
      this.#lastCut = 'bandwidth';
      this.#set({ ...before, uplinkBps: available * BACK_OFF });
    } else if (sample.limitation === 'cpu') {
      this.#quiet = 0;
      this.#lastCut = 'cpu';
      // The browser already scaled down to what the CPU manages: plan for that much.
      const encoded = sample.encodedPixelRate;
      const pixelRate =
        encoded > 0 ? Math.min(before.pixelRate, encoded) : before.pixelRate * CPU_BACK_OFF;
      this.#set({ ...before, pixelRate });
    } else if (++this.#quiet >= QUIET_SAMPLES_TO_GROW) {
      this.#quiet = 0;
      const room = sample.availableBps ?? Infinity;
      const uplinkBps = Math.min(before.uplinkBps * GROWTH, Math.max(room, before.uplinkBps));
      this.#set({ uplinkBps, pixelRate: before.pixelRate * GROWTH });
      const { start } = this.limits;
      if (this.#budget.uplinkBps >= start.uplinkBps && this.#budget.pixelRate >= start.pixelRate)
        this.#lastCut = null;
    }
    return this.#budget !== before;
  }

  #set(next: SenderBudget): void {
    const { min, max } = this.limits;
    const clamped = {
      uplinkBps: Math.round(clamp(next.uplinkBps, min.uplinkBps, max.uplinkBps)),
      pixelRate: Math.round(clamp(next.pixelRate, min.pixelRate, max.pixelRate)),
    };
    if (
      clamped.uplinkBps !== this.#budget.uplinkBps ||
      clamped.pixelRate !== this.#budget.pixelRate
    )
      this.#budget = clamped;
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
