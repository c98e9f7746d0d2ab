import { describe, expect, it } from 'vitest';
import type { VideoQuality } from '../video-quality.js';
import { videoQualityFor } from '../video-quality.js';
import { MeshBudget, RAMP_UP_MS, type BudgetCopy } from './mesh-budget.js';

class FakeCopy implements BudgetCopy {
  readonly applied: VideoQuality[] = [];
  readonly screen: boolean[] = [];
  bytesSent = 0;
  reason = 'none';
  available = 10_000_000;
  setVideoQuality(quality: VideoQuality): Promise<void> {
    this.applied.push(quality);
    return Promise.resolve();
  }
  setScreenActive(active: boolean): Promise<void> {
    this.screen.push(active);
    return Promise.resolve();
  }
  videoSenderStats(): Promise<RTCStatsReport | null> {
    const pair = {
      type: 'candidate-pair',
      nominated: true,
      availableOutgoingBitrate: this.available,
    };
    const stats = [
      pair,
      {
        type: 'outbound-rtp',
        kind: 'video',
        bytesSent: this.bytesSent,
        qualityLimitationReason: this.reason,
      },
    ];
    const report: unknown = new Map(stats.map((s, i) => [String(i), s]));
    return Promise.resolve(report as RTCStatsReport);
  }
}

function setup() {
  const copies = new Map<string, FakeCopy>([
    ['a', new FakeCopy()],
    ['b', new FakeCopy()],
  ]);
  let now = 0;
  const budget = new MeshBudget({
    copies: () => copies,
    capture: () => ({ width: 1280, height: 720 }),
    fallback: () => videoQualityFor(3),
    now: () => now,
  });
  return { copies, budget, advance: (ms: number) => (now += ms) };
}

describe('MeshBudget: our camera copies follow how each peer shows us', () => {
  it('starts from the size table, then follows each view; a view that did not change is not applied again', () => {
    const { copies, budget } = setup();
    budget.apply();
    expect(copies.get('a')?.applied.at(-1)).toMatchObject(videoQualityFor(3));
    budget.setView('a', { width: 400, height: 225, visible: true, spotlight: false, saver: false });
    budget.setView('b', {
      width: 400,
      height: 225,
      visible: false,
      spotlight: false,
      saver: false,
    });
    expect(copies.get('a')?.applied.at(-1)).toMatchObject({ maxHeight: 225, active: true });
    expect(copies.get('b')?.applied.at(-1)).toMatchObject({ active: false });
    const count = copies.get('a')?.applied.length;
    budget.apply();
    expect(copies.get('a')?.applied.length).toBe(count);
    budget.dispose();
  });

  it('ignores bandwidth limits while a copy ramps up, then follows the network estimate', async () => {
    const { copies, budget, advance } = setup();
    const large = { width: 640, height: 360, visible: true, spotlight: false, saver: false };
    budget.setView('a', large);
    budget.setView('b', large);
    expect(budget.limitation()).toBeNull();
    const start = budget.budget.uplinkBps;
    for (const copy of copies.values()) {
      copy.reason = 'bandwidth';
      copy.available = 300_000;
    }
    await budget.sample();
    advance(2000);
    await budget.sample();
    expect(budget.budget.uplinkBps).toBe(start);
    advance(RAMP_UP_MS);
    await budget.sample();
    // Two connections that each carry 300 kbit/s: 90 % of 600 kbit/s is the new budget.
    expect(budget.budget.uplinkBps).toBe(540_000);
    expect(budget.limitation()).toBe('bandwidth');
    budget.dispose();
  });

  it('pauses the screen share copy of a peer that does not show it, and resumes it; a rebuilt connection gets it again', () => {
    const { copies, budget } = setup();
    budget.setScreenView('a', false);
    budget.setScreenView('a', false);
    expect(copies.get('a')?.screen).toEqual([false]);
    expect(copies.get('b')?.screen).toEqual([]);
    budget.setScreenView('a', true);
    expect(copies.get('a')?.screen).toEqual([false, true]);
    budget.setScreenView('a', false);
    budget.reset('a');
    expect(copies.get('a')?.screen).toEqual([false, true, false, false]);
    // The camera copy follows its own view, whatever the screen's.
    expect(copies.get('a')?.applied.at(-1)).toMatchObject({ active: true });
    budget.forget('a');
    budget.reset('a');
    expect(copies.get('a')?.screen).toHaveLength(4);
    budget.dispose();
  });
});
