import { describe, expect, it } from 'vitest';
import { heightRatio } from './tile-ratio.js';

describe('heightRatio: received height against the tile', () => {
  it('is the received height over the tile height in device pixels', () => {
    expect(heightRatio(180, 240, 720)).toBe(0.75);
    expect(heightRatio(360, 360, 720)).toBe(1);
  });

  it('wants no more than 720p, nor more than the camera captures', () => {
    expect(heightRatio(720, 1000, 1080)).toBe(1);
    expect(heightRatio(240, 400, 240)).toBe(1);
  });

  it('is 0 for a tile not laid out', () => {
    expect(heightRatio(240, 0, 240)).toBe(0);
  });
});
