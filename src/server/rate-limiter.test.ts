import { describe, expect, it } from 'vitest';
import { StrikeCounter, TokenBucket } from './rate-limiter.js';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the configured rate', () => {
    const bucket = new TokenBucket(50, 200, 0);
    let passed = 0;
    for (let i = 0; i < 300; i++) if (bucket.take(0)) passed++;
    expect(passed).toBe(200);
    expect(bucket.take(0)).toBe(false);
    // 100 ms at 50/s refills 5 tokens.
    let refilled = 0;
    for (let i = 0; i < 10; i++) if (bucket.take(100)) refilled++;
    expect(refilled).toBe(5);
  });

  it('never holds more than the burst', () => {
    const bucket = new TokenBucket(50, 10, 0);
    let passed = 0;
    for (let i = 0; i < 100; i++) if (bucket.take(60_000)) passed++;
    expect(passed).toBe(10);
  });
});

describe('StrikeCounter', () => {
  it('trips above the limit within one window and resets in the next', () => {
    const strikes = new StrikeCounter(3, 1000, 0);
    expect([1, 2, 3].map(() => strikes.strike(10))).toEqual([false, false, false]);
    expect(strikes.strike(20)).toBe(true);
    expect(strikes.strike(1500)).toBe(false);
  });
});
