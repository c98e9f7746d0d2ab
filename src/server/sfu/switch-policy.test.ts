import { describe, expect, it } from 'vitest';
import { decide, RESTORE_GIVE_UP_MS, type PolicyInput } from './switch-policy.js';

const base: PolicyInput = {
  path: 'mesh',
  members: 2,
  pinned: false,
  meshOnly: false,
  meshMax: 4,
  holdMs: 20_000,
  sfuAvailable: true,
  instanceHealthy: true,
  smallSince: null,
  lostSince: null,
  now: 1_000_000,
};
const on = (input: Partial<PolicyInput>) => decide({ ...base, ...input });

describe('the switching policy', () => {
  it('keeps a mesh up to meshMax and moves the next member’s room to the SFU', () => {
    expect(on({ members: 4 })).toEqual({ action: 'stay' });
    expect(on({ members: 5 })).toEqual({ action: 'switch', path: 'sfu', reason: 'grew' });
    expect(on({ members: 2, meshMax: 1 })).toEqual({
      action: 'switch',
      path: 'sfu',
      reason: 'grew',
    });
  });

  it('never leaves the mesh when pinned, mesh-only, or without a healthy SFU', () => {
    for (const input of [{ pinned: true }, { meshOnly: true }, { sfuAvailable: false }])
      expect(on({ ...input, members: 9 })).toEqual({ action: 'stay' });
  });

  it('moves a room on the SFU back once it stayed at meshMax - 1 or fewer for the hold time', () => {
    const sfu = { path: 'sfu', members: 3 } as const;
    expect(on({ ...sfu, members: 4, smallSince: 0 })).toEqual({ action: 'stay' });
    expect(on({ ...sfu, smallSince: null })).toEqual({ action: 'wait', ms: 20_000 });
    expect(on({ ...sfu, smallSince: base.now - 5_000 })).toEqual({ action: 'wait', ms: 15_000 });
    expect(on({ ...sfu, smallSince: base.now - 20_000 })).toEqual({
      action: 'switch',
      path: 'mesh',
      reason: 'shrank',
    });
    expect(on({ ...sfu, holdMs: 0 })).toEqual({ action: 'switch', path: 'mesh', reason: 'shrank' });
  });

  it('brings a pinned room (or a mesh-only server’s) back from the SFU whatever its size', () => {
    for (const input of [{ pinned: true }, { meshOnly: true }])
      expect(on({ ...input, path: 'sfu', members: 30 })).toEqual({
        action: 'switch',
        path: 'mesh',
        reason: 'pinned',
      });
  });

  it('on a lost SFU: mesh when small enough, else a new SFU room, else waits, then gives up', () => {
    const lost = { path: 'sfu', instanceHealthy: false } as const;
    expect(on({ ...lost, members: 4 })).toEqual({
      action: 'switch',
      path: 'mesh',
      reason: 'sfu-lost',
    });
    expect(on({ ...lost, members: 5 })).toEqual({
      action: 'switch',
      path: 'sfu',
      reason: 'sfu-restored',
    });
    const waiting = { ...lost, members: 9, sfuAvailable: false };
    expect(on({ ...waiting, lostSince: base.now - 1000 })).toEqual({
      action: 'wait',
      ms: RESTORE_GIVE_UP_MS - 1000,
    });
    expect(on({ ...waiting, lostSince: base.now - RESTORE_GIVE_UP_MS })).toEqual({
      action: 'switch',
      path: 'mesh',
      reason: 'sfu-lost',
    });
  });
});
