import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PathSwitch } from './path-switch.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const log: string[] = [];
  const sw = new PathSwitch(15_000, {
    notify: (id, t) => log.push(`notify ${id} ${t.path}@${String(t.epoch)}`),
    settle: (id, t) => log.push(`settle ${id} ${t.path}@${String(t.epoch)}`),
    done: (t) => log.push(`done ${t.path}@${String(t.epoch)}`),
  });
  return { sw, log };
}

describe('PathSwitch', () => {
  it('settles a participant once both sides receive each other; done after the last', () => {
    const { sw, log } = recorder();
    sw.begin({ path: 'sfu', epoch: 1 }, ['a', 'b']);
    sw.arrived('a');
    sw.arrived('a');
    sw.heard('a', 'sfu', 1);
    sw.heard('b', 'sfu', 1);
    expect(sw.pending('b')).toBe(true);
    sw.arrived('b');
    expect(log).toEqual([
      'notify a sfu@1',
      'settle a sfu@1',
      'notify b sfu@1',
      'settle b sfu@1',
      'done sfu@1',
    ]);
  });

  it('the first half starts the timeout; a participant leaving ends the wait', () => {
    const { sw, log } = recorder();
    sw.begin({ path: 'sfu', epoch: 1 }, ['a', 'b']);
    sw.heard('a', 'sfu', 1);
    vi.advanceTimersByTime(14_999);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['settle a sfu@1']);
    sw.leave('b');
    expect(log).toEqual(['settle a sfu@1', 'done sfu@1']);
  });

  it('a deadline settles whoever is left; nobody to switch is done at once', () => {
    const { sw, log } = recorder();
    sw.begin({ path: 'mesh', epoch: 2 }, ['a'], 15_000);
    vi.advanceTimersByTime(15_000);
    expect(log).toEqual(['settle a mesh@2', 'done mesh@2']);
    sw.begin({ path: 'sfu', epoch: 3 }, []);
    expect(log.at(-1)).toBe('done sfu@3');
  });

  it('keeps an early notice, ignores an older one, and a new switch supersedes the old', () => {
    const { sw, log } = recorder();
    sw.heard('a', 'sfu', 5);
    sw.heard('a', 'sfu', 4);
    sw.begin({ path: 'sfu', epoch: 5 }, ['a']);
    sw.begin({ path: 'mesh', epoch: 6 }, ['a']);
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual([]);
    expect(sw.target).toEqual({ path: 'mesh', epoch: 6 });
    sw.dispose();
  });
});
