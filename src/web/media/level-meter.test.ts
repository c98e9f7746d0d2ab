import { describe, expect, it } from 'vitest';
import { loudness } from './level-meter.js';

const tone = (amplitude: number) =>
  Float32Array.from({ length: 480 }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / 48));

describe('loudness', () => {
  it('is 0 for silence and nothing', () => {
    expect(loudness(new Float32Array(0))).toBe(0);
    expect(loudness(new Float32Array(480))).toBe(0);
    expect(loudness(tone(0.0005))).toBe(0);
  });

  it('grows with the signal and tops out at 1', () => {
    const quiet = loudness(tone(0.01));
    const speech = loudness(tone(0.1));
    expect(quiet).toBeGreaterThan(0);
    expect(speech).toBeGreaterThan(quiet);
    expect(loudness(tone(1))).toBe(1);
  });
});
