import { describe, expect, it } from 'vitest';
import { BudgetEstimate, DEFAULT_BUDGET_LIMITS, type SenderSample } from './budget-estimate.js';

const sample = (over: Partial<SenderSample>): SenderSample => ({
  sentBps: 1_000_000,
  availableBps: null,
  limitation: 'none',
  plannedBps: 2_000_000,
  encodedPixelRate: 0,
  ...over,
});

describe('BudgetEstimate: the video budget learned from the senders', () => {
  it('falls to what the network carries when its estimate is below the plan', () => {
    const estimate = new BudgetEstimate();
    expect(estimate.observe(sample({ limitation: 'bandwidth', availableBps: 1_000_000 }))).toBe(
      true,
    );
    expect(estimate.budget.uplinkBps).toBe(900_000);
    expect(estimate.lastCut).toBe('bandwidth');
  });

  it('does not take its own maxBitrate for a slow network (estimate above the plan, or unknown)', () => {
    const estimate = new BudgetEstimate();
    expect(estimate.observe(sample({ limitation: 'bandwidth', availableBps: 3_000_000 }))).toBe(
      false,
    );
    expect(estimate.observe(sample({ limitation: 'bandwidth', availableBps: null }))).toBe(false);
    expect(estimate.budget).toEqual(DEFAULT_BUDGET_LIMITS.start);
  });

  it('plans for what the encoders manage when the CPU holds them back', () => {
    const estimate = new BudgetEstimate();
    estimate.observe(sample({ limitation: 'cpu', encodedPixelRate: 12_000_000 }));
    expect(estimate.budget.pixelRate).toBe(12_000_000);
    estimate.observe(sample({ limitation: 'cpu', encodedPixelRate: 0 }));
    expect(estimate.budget.pixelRate).toBe(9_000_000);
  });

  it('grows again slowly while nothing is limited, never past the maximum', () => {
    const estimate = new BudgetEstimate();
    estimate.observe(sample({ limitation: 'bandwidth', availableBps: 500_000 }));
    const low = estimate.budget.uplinkBps;
    const quiet = sample({});
    expect(estimate.observe(quiet)).toBe(false);
    expect(estimate.observe(quiet)).toBe(false);
    expect(estimate.observe(quiet)).toBe(true);
    expect(estimate.budget.uplinkBps).toBeGreaterThan(low);
    for (let i = 0; i < 200; i++) estimate.observe(quiet);
    expect(estimate.budget).toEqual(DEFAULT_BUDGET_LIMITS.max);
    expect(estimate.lastCut).toBeNull();
  });

  it('never falls below the minimum', () => {
    const estimate = new BudgetEstimate();
    for (let i = 0; i < 50; i++)
      estimate.observe(sample({ limitation: 'bandwidth', availableBps: 1_000 }));
    expect(estimate.budget.uplinkBps).toBe(DEFAULT_BUDGET_LIMITS.min.uplinkBps);
  });
});
