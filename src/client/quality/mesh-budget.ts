import type { VideoQuality } from '../video-quality.js';
import { BudgetEstimate, type BudgetLimits, type LimitationReason } from './budget-estimate.js';
import { planEncodings, type PeerEncoding, type ViewOfUs } from './encoding-plan.js';
import { StaleDownscale } from './stale-downscale.js';

/** How often the senders are read for their limitation and rate (ms). */
export const BUDGET_SAMPLE_MS = 2000;
/**
 * A new copy's bandwidth estimate starts low and ramps over the first seconds: "held back
 * by bandwidth" then says nothing about the uplink and is not taken as such.
 */
export const RAMP_UP_MS = 8000;

/** One peer connection's copies (camera, and screen share when we share), as the budget sees it. */
export interface BudgetCopy {
  setVideoQuality(quality: VideoQuality): Promise<void>;
  /** Pauses or resumes the screen share copy (kept for the next share while none runs). */
  setScreenActive(active: boolean): Promise<void>;
  videoSenderStats(): Promise<RTCStatsReport | null>;
  /** Makes the encoder forget the resolution it lowered for bandwidth. */
  resetVideoAdaptation(): Promise<void>;
}

export interface MeshBudgetPort {
  /** Every peer connection to a participant, by participant id. */
  copies(): ReadonlyMap<string, BudgetCopy>;
  /** Our camera's picture as captured; null without a camera track. */
  capture(): { width: number; height: number } | null;
  /** The per-meeting-size rule, for peers that do not say how they show us. */
  fallback(): VideoQuality;
  now(): number;
}

interface Reading {
  readonly bytesSent: number;
  readonly at: number;
  readonly firstAt: number;
}

/**
 * Receiver-driven quality for a mesh: each participant tells us how it shows our camera
 * (`view` messages), and our one budget (uplink and encoding work) is shared between the
 * copies by `planEncodings`. The budget learns from the senders' statistics every
 * `BUDGET_SAMPLE_MS`.
 */
export class MeshBudget {
  readonly #views = new Map<string, ViewOfUs>();
  /** Whether each peer shows our screen share; unknown means shown (older peers). */
  readonly #screens = new Map<string, boolean>();
  readonly #readings = new Map<string, Reading>();
  readonly #estimate: BudgetEstimate;
  readonly #stale = new StaleDownscale();
  #applied = new Map<string, string>();
  #saver = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  #sampling = false;

  constructor(
    private readonly port: MeshBudgetPort,
    limits?: BudgetLimits,
  ) {
    this.#estimate = new BudgetEstimate(limits);
  }

  get budget() {
    return this.#estimate.budget;
  }

  /** What the plan gives each peer right now (for the badge and tests). */
  plan(): Map<string, PeerEncoding> {
    const capture = this.port.capture() ?? { width: 1280, height: 720 };
    const peers = [...this.port.copies().keys()].map((id) => ({ id, view: this.#views.get(id) }));
    return planEncodings({
      capture,
      peers,
      budget: this.#estimate.budget,
      fallback: this.port.fallback(),
      saver: this.#saver,
    });
  }

  /**
   * Why some copy of ours is less than its tile wants: the uplink or the CPU (the budget
   * fell, or the meeting wants more than it holds); null when every tile gets its fill.
   */
  limitation(): 'bandwidth' | 'cpu' | null {
    const reduced = [...this.plan().values()].some((encoding) => encoding.reduced === true);
    return reduced ? (this.#estimate.lastCut ?? 'cpu') : null;
  }

  setView(id: string, view: ViewOfUs): void {
    this.#views.set(id, view);
    this.apply();
  }

  /**
   * How a peer shows our screen share: not shown pauses that copy, like a hidden camera
   * tile. A screen share spends what it needs (sharp text), so it stays out of the budget.
   */
  setScreenView(id: string, visible: boolean): void {
    if (this.#screens.get(id) === visible) return;
    this.#screens.set(id, visible);
    void this.port.copies().get(id)?.setScreenActive(visible);
  }

  /** Data saver: every copy of ours is low, whatever the receivers would like. */
  setSaver(on: boolean): void {
    if (this.#saver === on) return;
    this.#saver = on;
    this.apply();
  }

  forget(id: string): void {
    this.#views.delete(id);
    this.#screens.delete(id);
    this.#readings.delete(id);
    this.#applied.delete(id);
    this.#stale.forget(id);
  }

  /** Gives every copy its share (again: peers came or went, a view or the budget changed). */
  apply(): void {
    const applied = new Map<string, string>();
    const copies = this.port.copies();
    for (const [id, encoding] of this.plan()) {
      const copy = copies.get(id);
      if (copy === undefined) continue;
      const key = JSON.stringify(encoding);
      applied.set(id, key);
      if (this.#applied.get(id) !== key) void copy.setVideoQuality(encoding);
    }
    this.#applied = applied;
    this.#startSampling();
  }

  /** A rebuilt connection has a fresh sender: its encoding must be set again. */
  reset(id: string): void {
    this.#applied.delete(id);
    this.#readings.delete(id);
    const screen = this.#screens.get(id);
    if (screen !== undefined) void this.port.copies().get(id)?.setScreenActive(screen);
    this.apply();
  }

  dispose(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #startSampling(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => void this.sample(), BUDGET_SAMPLE_MS);
  }

  /** Reads every sender once and feeds the estimate; re-plans when the budget moved. */
  async sample(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      let sentBps = 0;
      let encodedPixelRate = 0;
      let availableBps: number | null = null;
      let limitation: LimitationReason = 'none';
      const plan = this.plan();
      for (const [id, copy] of this.port.copies()) {
        const report = await copy.videoSenderStats().catch(() => null);
        if (report === null) continue;
        const reading = this.#read(id, report);
        sentBps += reading.bps;
        encodedPixelRate += reading.pixels;
        if (reading.available !== null) availableBps = (availableBps ?? 0) + reading.available;
        limitation = worse(limitation, reading.limitation);
        this.#resetIfHeldDown(id, copy, reading, plan.get(id));
      }
      const plannedBps = [...plan.values()]
        .filter((encoding) => encoding.active)
        .reduce((sum, encoding) => sum + encoding.maxBitrate, 0);
      const sample = { sentBps, availableBps, limitation, plannedBps, encodedPixelRate };
      if (this.#estimate.observe(sample)) this.apply();
    } finally {
      this.#sampling = false;
    }
  }

  /** A copy kept below its tile by a stale bandwidth decision gets its encoder reset. */
  #resetIfHeldDown(
    id: string,
    copy: BudgetCopy,
    reading: CopySample,
    planned: PeerEncoding | undefined,
  ): void {
    if (planned?.active !== true) return;
    const captureHeight = this.port.capture()?.height ?? planned.maxHeight;
    const held = this.#stale.shouldReset(
      id,
      {
        frameHeight: reading.frameHeight,
        plannedHeight: Math.min(planned.maxHeight, captureHeight),
        plannedBps: planned.maxBitrate,
        availableBps: reading.available,
        limitation: reading.reported,
        rampingUp: reading.rampingUp,
      },
      this.port.now(),
    );
    if (held) void copy.resetVideoAdaptation();
  }

  #read(id: string, report: RTCStatsReport): CopySample {
    const now = this.port.now();
    let bytesSent = 0;
    let pixels = 0;
    let frameHeight = 0;
    let limitation: LimitationReason = 'none';
    let available: number | null = null;
    for (const stat of report.values() as Iterable<Record<string, unknown>>) {
      if (stat['type'] === 'outbound-rtp' && stat['kind'] === 'video') {
        bytesSent += numberOr(stat['bytesSent'], 0);
        const area = numberOr(stat['frameWidth'], 0) * numberOr(stat['frameHeight'], 0);
        pixels += area * numberOr(stat['framesPerSecond'], 0);
        frameHeight = Math.max(frameHeight, numberOr(stat['frameHeight'], 0));
        limitation = worse(limitation, reasonOf(stat['qualityLimitationReason']));
      } else if (stat['type'] === 'candidate-pair' && stat['nominated'] === true) {
        const bps = stat['availableOutgoingBitrate'];
        if (typeof bps === 'number') available = bps;
      }
    }
    const before = this.#readings.get(id);
    const firstAt = before?.firstAt ?? now;
    this.#readings.set(id, { bytesSent, at: now, firstAt });
    const bps = before === undefined ? 0 : rate(bytesSent - before.bytesSent, now - before.at);
    const rampingUp = now - firstAt < RAMP_UP_MS;
    const reported = limitation;
    if (rampingUp && limitation === 'bandwidth') limitation = 'none';
    return { bps, pixels, available, limitation, reported, frameHeight, rampingUp };
  }
}

/** One copy's sender, read once. */
interface CopySample {
  readonly bps: number;
  readonly pixels: number;
  readonly available: number | null;
  /** The limitation as the budget takes it (none while the estimate ramps up)... */
  readonly limitation: LimitationReason;
  /** ...and as the browser said it. */
  readonly reported: LimitationReason;
  readonly frameHeight: number;
  readonly rampingUp: boolean;
}

/** Bits per second for bytes sent over a span of milliseconds. */
function rate(bytes: number, ms: number): number {
  return ms > 0 ? Math.max(0, (bytes * 8 * 1000) / ms) : 0;
}

function reasonOf(value: unknown): LimitationReason {
  return value === 'cpu' || value === 'bandwidth' || value === 'other' ? value : 'none';
}

/** Bandwidth is the harder limit (it also starves audio), then cpu. */
function worse(a: LimitationReason, b: LimitationReason): LimitationReason {
  const rank = { none: 0, other: 1, cpu: 2, bandwidth: 3 } as const;
  return rank[b] > rank[a] ? b : a;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
