import { describe, expect, it } from 'vitest';
import { encodingFor, videoQualityFor } from './video-quality.js';

describe('video quality by meeting size', () => {
  it('spends less per copy as the mesh grows', () => {
    const bitrates = [2, 3, 4, 5, 6, 7, 8, 12].map((n) => videoQualityFor(n).maxBitrate);
    expect(bitrates).toEqual([...bitrates].sort((a, b) => b - a));
    // Total upload of one participant stays bounded: (n-1) copies.
    expect(7 * videoQualityFor(8).maxBitrate).toBeLessThanOrEqual(
      2 * videoQualityFor(2).maxBitrate,
    );
  });

  it("keeps one participant's total encoding work falling from five people on", () => {
    const work = (n: number) => {
      const q = videoQualityFor(n);
      return (n - 1) * q.maxHeight * q.maxHeight * (4 / 3) * q.maxFramerate;
    };
    expect(work(6)).toBeLessThan(work(5));
    expect(work(8)).toBeLessThan(work(6));
  });

  it('scales the capture down to the target height, never up', () => {
    expect(encodingFor(videoQualityFor(8), 720)).toEqual({
      maxBitrate: 100_000,
      maxFramerate: 10,
      scaleResolutionDownBy: 6,
    });
    expect(encodingFor(videoQualityFor(2), 480).scaleResolutionDownBy).toBe(1);
    expect(encodingFor(videoQualityFor(5), undefined).scaleResolutionDownBy).toBe(1);
  });
});
