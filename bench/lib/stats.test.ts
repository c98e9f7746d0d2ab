import { describe, expect, it } from 'vitest';
import { quantile, summarize } from './stats.js';

describe('quantile', () => {
  it('interpolates between neighbours', () => {
    expect(quantile([10, 20], 0.5)).toBe(15);
    expect(quantile([30, 10, 20], 0.5)).toBe(20);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('is ∞ when most runs gave up (∞), not NaN', () => {
    expect(quantile([12_592, Infinity, Infinity, Infinity, Infinity, Infinity], 0.5)).toBe(
      Infinity,
    );
    expect(summarize([100, Infinity, Infinity]).median).toBe(Infinity);
    expect(quantile([100, 200, Infinity], 0.5)).toBe(200);
  });
});
