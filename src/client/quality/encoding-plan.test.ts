import { describe, expect, it } from 'vitest';
import { videoQualityFor } from '../video-quality.js';
import { planEncodings, type PlanInput, type ViewOfUs } from './encoding-plan.js';

const capture = { width: 1280, height: 720 };
const roomy = { uplinkBps: 8_000_000, pixelRate: 60_000_000 };
const tile = (height: number, more: Partial<ViewOfUs> = {}): ViewOfUs => ({
  width: Math.round((height * 16) / 9),
  height,
  visible: true,
  spotlight: false,
  saver: false,
  ...more,
});
const input = (peers: PlanInput['peers'], budget = roomy, saver = false): PlanInput => ({
  capture,
  peers,
  budget,
  fallback: videoQualityFor(peers.length + 1),
  saver,
});

describe('planEncodings: receiver-driven camera copies', () => {
  it('sends each copy no taller than its tile, and the spotlight at 30 fps', () => {
    const plan = planEncodings(
      input([
        { id: 'big', view: tile(600, { spotlight: true }) },
        { id: 'small', view: tile(150) },
      ]),
    );
    expect(plan.get('big')).toMatchObject({ active: true, maxHeight: 600, maxFramerate: 30 });
    expect(plan.get('small')).toMatchObject({ active: true, maxHeight: 150, maxFramerate: 24 });
  });

  it('never asks for more than the capture or 720p', () => {
    const plan = planEncodings({
      ...input([{ id: 'a', view: tile(2000) }]),
      capture: { width: 640, height: 480 },
    });
    expect(plan.get('a')?.maxHeight).toBe(480);
    expect(planEncodings(input([{ id: 'a', view: tile(2000) }])).get('a')?.maxHeight).toBe(720);
  });

  it('pauses the copy for a tile that is not shown', () => {
    const plan = planEncodings(input([{ id: 'hidden', view: tile(400, { visible: false }) }]));
    expect(plan.get('hidden')?.active).toBe(false);
  });

  it('keeps the size table for a peer that never said how it shows us', () => {
    const plan = planEncodings(
      input([
        { id: 'old', view: undefined },
        { id: 'new', view: tile(300) },
      ]),
    );
    expect(plan.get('old')).toMatchObject({ ...videoQualityFor(3), active: true });
  });

  it('shares a narrow uplink: largest tiles first, every shown tile keeps a picture', () => {
    const budget = { uplinkBps: 1_000_000, pixelRate: 60_000_000 };
    const plan = planEncodings(
      input(
        [
          { id: 'small', view: tile(180) },
          { id: 'large', view: tile(700) },
          { id: 'medium', view: tile(360) },
        ],
        budget,
      ),
    );
    const total = [...plan.values()].reduce((sum, e) => sum + e.maxBitrate, 0);
    expect(total).toBeLessThanOrEqual(budget.uplinkBps);
    const height = (id: string) => plan.get(id)?.maxHeight ?? 0;
    expect(height('large')).toBeGreaterThanOrEqual(height('medium'));
    for (const id of ['small', 'large', 'medium']) expect(plan.get(id)?.active).toBe(true);
    expect(height('large')).toBeLessThan(700);
  });

  it('gives up resolution before frame rate for camera video', () => {
    const budget = { uplinkBps: 8_000_000, pixelRate: 10_000_000 };
    const plan = planEncodings(input([{ id: 'a', view: tile(720) }], budget));
    expect(plan.get('a')?.maxFramerate).toBe(24);
    expect(plan.get('a')?.maxHeight).toBeLessThan(720);
  });

  it('respects data saver, asked by the receiver or set by us', () => {
    expect(
      planEncodings(input([{ id: 'a', view: tile(600, { saver: true }) }])).get('a'),
    ).toMatchObject({
      maxHeight: 180,
      maxFramerate: 15,
    });
    const ours = planEncodings(
      input(
        [
          { id: 'a', view: tile(600) },
          { id: 'b', view: undefined },
        ],
        roomy,
        true,
      ),
    );
    for (const encoding of ours.values()) expect(encoding.maxHeight).toBeLessThanOrEqual(180);
  });
});
