/**
 * What a camera copy costs in a mesh, by meeting size: the numbers the client's senders
 * use (client/video-quality.ts, quality/encoding-plan.ts) and the connection doctor's
 * upload verdict reads (diagnostics/upload.ts), kept here so both say the same.
 *
 * In a mesh every participant encodes and uploads one copy per other participant, so the
 * per-copy budget must shrink as the room grows or CPU and uplink run out (a naive
 * 8-person mesh on 2 cores connects only 15–21 of its 28 pairs).
 */
export interface VideoQuality {
  readonly maxBitrate: number;
  readonly maxFramerate: number;
  /** Target picture height; the sender scales its capture down to about this. */
  readonly maxHeight: number;
  /** False pauses the copy (the receiver does not show it); absent means sending. */
  readonly active?: boolean;
}

/**
 * [largest meeting size, quality] rows, by number of participants including ourselves.
 * From five people on, each step keeps one participant's total encoding work (copies ×
 * pixels × frames) falling although the copies grow: 4 × 240p×15 ≈ 4.6 Mpx/s at five,
 * 5 × 180p×12 ≈ 2.6 at six, 7 × 120p×10 ≈ 1.3 at eight. bench/ (mesh capacity) measured
 * that all of eight tabs on two cores stay connected only with budgets this small.
 */
export const VIDEO_QUALITY_STEPS: readonly (readonly [number, VideoQuality])[] = [
  [2, { maxBitrate: 1_500_000, maxFramerate: 30, maxHeight: 720 }],
  [3, { maxBitrate: 900_000, maxFramerate: 30, maxHeight: 540 }],
  [4, { maxBitrate: 600_000, maxFramerate: 24, maxHeight: 360 }],
  [5, { maxBitrate: 300_000, maxFramerate: 15, maxHeight: 240 }],
  [6, { maxBitrate: 200_000, maxFramerate: 12, maxHeight: 180 }],
  [Infinity, { maxBitrate: 100_000, maxFramerate: 10, maxHeight: 120 }],
];

/**
 * The least a shown copy is given (bits/s): the smallest picture at the floor frame rate.
 * Below it the encoder's quality scaler drops the resolution it was asked for.
 */
export const MIN_BITRATE = 80_000;

export function videoQualityFor(participants: number): VideoQuality {
  for (const [upTo, quality] of VIDEO_QUALITY_STEPS) if (participants <= upTo) return quality;
  throw new Error('unreachable: the last step is unbounded');
}

/** What one participant uploads for video in a mesh of `participants`: a copy per other. */
export function meshUploadBps(participants: number): number {
  return Math.max(0, participants - 1) * videoQualityFor(participants).maxBitrate;
}

/** The least it can upload there and still send everyone a picture (the floor copies). */
export function meshFloorBps(participants: number): number {
  return Math.max(0, participants - 1) * MIN_BITRATE;
}
