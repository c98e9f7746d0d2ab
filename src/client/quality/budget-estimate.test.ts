import { describe, expect, it } from 'vitest';
import { BudgetEstimate, DEFAULT_BUDGET_LIMITS } from './budget-estimate.js';

describe('BudgetEstimate: the video budget learned from the senders', () => {
  it('falls to what was really sent when bandwidth holds a copy back', () => {
    const estimate = new BudgetEstimate();
    expect(
      estimate.observe({ sentBps: 900_000, availableBps: 1_000_000, limitation: 'bandwidth' }),
    ).toBe(true);
    expect(estimate.budget.uplinkBps).toBe(765_000);
  });

  it('cuts the encoding work when the CPU holds a copy back', () => {
    const estimate = new BudgetEstimate();
    estimate.observe({ sentBps: 1_000_000, availableBps: null, limitation: 'cpu' });
    expect(estimate.budget.pixelRate).toBe(DEFAULT_BUDGET_LIMITS.start.pixelRate * 0.75);
  });

  it('grows again slowly while nothing is limited, never past the maximum', () => {
    const estimate = new BudgetEstimate();
    estimate.observe({ sentBps: 400_000, availableBps: 500_000, limitation: 'bandwidth' });
    const low = estimate.budget.uplinkBps;
    const quiet = { sentBps: 300_000, availableBps: null, limitation: 'none' } as const;
    expect(estimate.observe(quiet)).toBe(false);
    expect(estimate.observe(quiet)).toBe(false);
    expect(estimate.observe(quiet)).toBe(true);
    expect(estimate.budget.uplinkBps).toBeGreaterThan(low);
    for (let i = 0; i < 200; i++) estimate.observe(quiet);
    expect(estimate.budget).toEqual(DEFAULT_BUDGET_LIMITS.max);
  });

  it('never falls below the minimum', () => {
    const estimate = new BudgetEstimate();
    for (let i = 0; i < 50; i++)
      estimate.observe({ sentBps: 1_000, availableBps: 1_000, limitation: 'bandwidth' });
    expect(estimate.budget.uplinkBps).toBe(DEFAULT_BUDGET_LIMITS.min.uplinkBps);
  });
});
