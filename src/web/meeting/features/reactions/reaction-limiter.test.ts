import { describe, expect, it } from 'vitest';
import { ReactionLimiter } from './reaction-limiter.js';

describe('ReactionLimiter', () => {
  it('lets a burst through, then one per interval, per sender', () => {
    const limiter = new ReactionLimiter({ burst: 3, intervalMs: 1000 });
    const burst = [0, 1, 2, 3].map(() => limiter.allow('ann', 0));
    expect(burst).toEqual([true, true, true, false]);
    expect(limiter.allow('ben', 0)).toBe(true);
    expect(limiter.allow('ann', 500)).toBe(false);
    expect(limiter.allow('ann', 1000)).toBe(true);
    expect(limiter.allow('ann', 1100)).toBe(false);
  });

  it('refills up to the burst only', () => {
    const limiter = new ReactionLimiter({ burst: 2, intervalMs: 100 });
    limiter.allow('ann', 0);
    const later = [0, 1, 2].map(() => limiter.allow('ann', 60_000));
    expect(later).toEqual([true, true, false]);
  });
});
