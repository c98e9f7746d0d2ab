// The issue-17 measure of sharpness: a received video against the tile it is shown in.

/**
 * How tall a video arrives against what its tile wants: the tile's height in device pixels,
 * but never more than 720 (the goal) or than the camera captures. 1 when it fills it.
 */
export function heightRatio(received: number, shown: number, captureHeight: number): number {
  const wanted = Math.min(shown, 720, captureHeight);
  return wanted > 0 ? Math.round((received / wanted) * 100) / 100 : 0;
}
