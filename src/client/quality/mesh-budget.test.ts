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
  frameHeight = 0;
  resets = 0;
  resetVideoAdaptation(): Promise<void> {
    this.resets++;
    return Promise.resolve();
  }
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
        frameHeight: this.frameHeight,
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

/** Both peers show us in a 640×360 tile; their copies, to read and steer. */
function bothShownAt360() {
  const { copies, budget, advance } = setup();
  const tile = { width: 640, height: 360, visible: true, spotlight: false, saver: false };
  budget.setView('a', tile);
  budget.setView('b', tile);
  const a = copies.get('a');
  const b = copies.get('b');
  if (a === undefined || b === undefined) throw new Error('no copies');
  return { a, b, budget, advance };
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

  it('a copy held below its tile by a stale bandwidth decision gets its encoder reset, with back-off', async () => {
    const { a, b, budget, advance } = bothShownAt360();
    // a: 270 of 360 px, "bandwidth", while its connection carries 10 Mbit/s.
    a.reason = 'bandwidth';
    a.frameHeight = 270;
    // b: as small, but for the CPU: a real reason, left alone.
    b.reason = 'cpu';
    b.frameHeight = 270;
    const sampleEvery = async (ms: number, times: number) => {
      for (let i = 0; i < times; i++) {
        advance(ms);
        await budget.sample();
      }
    };
    await sampleEvery(2000, 4);
    // Still ramping up (RAMP_UP_MS): nothing concluded.
    expect(a.resets).toBe(0);
    await sampleEvery(2000, 2);
    expect(a.resets).toBe(1);
    await sampleEvery(2000, 3);
    expect(a.resets).toBe(1);
    // Asked again only after the back-off (8 s, then 16 s).
    await sampleEvery(2000, 2);
    expect(a.resets).toBe(2);
    await sampleEvery(2000, 6);
    expect(a.resets).toBe(2);
    await sampleEvery(2000, 3);
    expect(a.resets).toBe(3);
    expect(b.resets).toBe(0);
    budget.dispose();
  });

  it('no reset while the connection cannot carry the plan, or once the copy is as tall as its tile', async () => {
    const { a, b, budget, advance } = bothShownAt360();
    a.reason = 'bandwidth';
    a.frameHeight = 270;
    a.available = 200_000;
    b.reason = 'bandwidth';
    b.frameHeight = 360;
    for (let i = 0; i < 12; i++) {
      advance(2000);
      await budget.sample();
    }
    expect(a.resets).toBe(0);
    expect(b.resets).toBe(0);
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
