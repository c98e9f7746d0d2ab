import { MIN_BITRATE } from '../../protocol/mesh-video.js';
import type { VideoQuality } from '../video-quality.js';

export { MIN_BITRATE };

/** How one receiver shows our camera (its `view` message), in device pixels. */
export interface ViewOfUs {
  readonly width: number;
  readonly height: number;
  /** False: scrolled off, covered or in a hidden tab; we send it nothing. */
  readonly visible: boolean;
  /** Shown large (active speaker or pinned): the full frame rate. */
  readonly spotlight: boolean;
  /** The receiver asked for low video (data saver). */
  readonly saver: boolean;
}

/** What one participant may spend on all its camera copies together. */
export interface SenderBudget {
  /** Upload for video, bits per second (audio is kept apart and goes first). */
  readonly uplinkBps: number;
  /** Encoding work, pixels per second over every copy (width × height × frame rate). */
  readonly pixelRate: number;
}

/** One peer connection's camera encoding. */
export interface PeerEncoding extends VideoQuality {
  /** False pauses the encoding: the receiver is not showing it. */
  readonly active: boolean;
  /** Less than the tile wants, for lack of budget. */
  readonly reduced?: boolean;
}

export interface PlanPeer {
  readonly id: string;
  /** Unknown until the peer tells us (an older peer never does): the size table applies. */
  readonly view: ViewOfUs | undefined;
}

export interface PlanInput {
  /** The camera's picture, as captured. */
  readonly capture: { readonly width: number; readonly height: number };
  readonly peers: readonly PlanPeer[];
  readonly budget: SenderBudget;
  /** The per-meeting-size rule, for peers that have not told us how they show us. */
  readonly fallback: VideoQuality;
  /** We are in data saver mode ourselves: every copy is low. */
  readonly saver: boolean;
}

/** The tallest picture sent to one tile; beyond it the pixels cost more than they show. */
export const MAX_SENT_HEIGHT = 720;
/** Heights tried, tallest first, when the budget does not allow what a tile wants. */
export const HEIGHT_STEPS = [720, 540, 360, 270, 180, 120] as const;
/** Frame rates: shown large, in the grid, and the floor when nothing else fits. */
export const SPOTLIGHT_FPS = 30;
export const GRID_FPS = 24;
export const FLOOR_FPS = 15;
/** What data saver sends: enough to recognise a face. */
export const SAVER_QUALITY: VideoQuality = {
  maxBitrate: 150_000,
  maxFramerate: 15,
  maxHeight: 180,
};
/**
 * Bits per pixel per frame for a copy's maxBitrate: about what Chromium's own VP8 table
 * allows (≈0.8 Mbit/s at 360p30; 720p30 is clamped to the maximum below). Less, and the
 * encoder's quality scaler drops the resolution it was asked for.
 */
export const BITS_PER_PIXEL = 0.12;
export const MAX_BITRATE = 2_500_000;

/** A copy's cost in the two budget currencies. */
interface Cost {
  readonly bps: number;
  readonly pixels: number;
}

/**
 * Shares the budget between the peers' copies of our camera, largest tiles first: the
 * spotlight, then by tile area. Each copy is at most as tall as its tile (and the capture),
 * at the frame rate of its role; when the budget runs short, the resolution falls first and
 * the frame rate only at the smallest height (camera video: motion matters more than
 * detail). A tile that is not shown pauses its copy. Every peer still to come keeps the
 * smallest copy in reserve, so nobody is starved by the tiles before them.
 */
export function planEncodings(input: PlanInput): Map<string, PeerEncoding> {
  const plan = new Map<string, PeerEncoding>();
  let left: Cost = { bps: input.budget.uplinkBps, pixels: input.budget.pixelRate };
  const aspect = input.capture.width / Math.max(1, input.capture.height);
  const shown: { id: string; view: ViewOfUs }[] = [];
  for (const { id, view } of input.peers) {
    if (view === undefined) {
      const quality = cap(input.fallback, input.saver);
      plan.set(id, { ...quality, active: true });
      left = minus(left, costOf(quality, aspect));
    } else if (!view.visible) plan.set(id, { ...input.fallback, active: false });
    else shown.push({ id, view });
  }
  shown.sort((a, b) => priority(b.view) - priority(a.view));
  shown.forEach(({ id, view }, index) => {
    const reserve = shown
      .slice(index + 1)
      .reduce((sum, later) => plus(sum, costOf(floorOf(later.view, input), aspect)), none);
    const want = wanted(view, input);
    const quality = fitting(want, minus(left, reserve), aspect);
    const reduced = quality.maxHeight < want.maxHeight || quality.maxFramerate < want.maxFramerate;
    plan.set(id, { ...quality, active: true, ...(reduced ? { reduced } : {}) });
    left = minus(left, costOf(quality, aspect));
  });
  return plan;
}

/** What a tile would get with budget to spare. */
function wanted(view: ViewOfUs, input: PlanInput): VideoQuality {
  const height = Math.min(view.height, input.capture.height, MAX_SENT_HEIGHT);
  const maxFramerate = view.spotlight ? SPOTLIGHT_FPS : GRID_FPS;
  const quality = { maxHeight: Math.max(1, Math.round(height)), maxFramerate, maxBitrate: 0 };
  return cap(
    withBitrate(quality, input.capture.width / input.capture.height),
    view.saver || input.saver,
  );
}

/** The least a shown tile gets: the smallest step at the floor frame rate. */
function floorOf(view: ViewOfUs, input: PlanInput): VideoQuality {
  const want = wanted(view, input);
  const smallest = HEIGHT_STEPS[HEIGHT_STEPS.length - 1] ?? 120;
  const floor = {
    maxHeight: Math.min(want.maxHeight, smallest),
    maxFramerate: FLOOR_FPS,
    maxBitrate: 0,
  };
  return withBitrate(floor, input.capture.width / input.capture.height);
}

/** The best of the wanted quality and the steps below it that fits in `left`. */
function fitting(want: VideoQuality, left: Cost, aspect: number): VideoQuality {
  const heights = [want.maxHeight, ...HEIGHT_STEPS.filter((h) => h < want.maxHeight)];
  for (const maxHeight of heights) {
    const quality = withBitrate({ ...want, maxHeight }, aspect, want.maxBitrate);
    if (fits(costOf(quality, aspect), left)) return quality;
  }
  const lowest = heights[heights.length - 1] ?? want.maxHeight;
  return withBitrate(
    { maxHeight: lowest, maxFramerate: Math.min(FLOOR_FPS, want.maxFramerate), maxBitrate: 0 },
    aspect,
  );
}

function priority(view: ViewOfUs): number {
  return (view.spotlight ? 1e12 : 0) + view.width * view.height;
}

function cap(quality: VideoQuality, saver: boolean): VideoQuality {
  if (!saver) return quality;
  return {
    maxHeight: Math.min(quality.maxHeight, SAVER_QUALITY.maxHeight),
    maxFramerate: Math.min(quality.maxFramerate, SAVER_QUALITY.maxFramerate),
    maxBitrate: Math.min(quality.maxBitrate, SAVER_QUALITY.maxBitrate),
  };
}

/** The bitrate for a height and frame rate, no more than `ceiling` when one is given. */
function withBitrate(quality: VideoQuality, aspect: number, ceiling = 0): VideoQuality {
  const pixels = quality.maxHeight * quality.maxHeight * aspect * quality.maxFramerate;
  const natural = Math.min(MAX_BITRATE, Math.max(MIN_BITRATE, Math.round(pixels * BITS_PER_PIXEL)));
  return { ...quality, maxBitrate: ceiling > 0 ? Math.min(ceiling, natural) : natural };
}

function costOf(quality: VideoQuality, aspect: number): Cost {
  const pixels = quality.maxHeight * quality.maxHeight * aspect * quality.maxFramerate;
  return { bps: quality.maxBitrate, pixels };
}

const none: Cost = { bps: 0, pixels: 0 };

function plus(a: Cost, b: Cost): Cost {
  return { bps: a.bps + b.bps, pixels: a.pixels + b.pixels };
}

function minus(a: Cost, b: Cost): Cost {
  return { bps: a.bps - b.bps, pixels: a.pixels - b.pixels };
}

function fits(cost: Cost, left: Cost): boolean {
  return cost.bps <= left.bps && cost.pixels <= left.pixels;
}
