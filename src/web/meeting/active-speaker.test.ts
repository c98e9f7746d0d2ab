import { describe, expect, it } from 'vitest';
import { ActiveSpeaker } from './active-speaker.js';

/** Feeds the same levels `times` times, 200 ms apart, from `start`. */
function feed(detector: ActiveSpeaker, levels: Record<string, number>, start: number, times = 5) {
  let speaker: string | null = null;
  for (let i = 0; i < times; i++)
    speaker = detector.update(new Map(Object.entries(levels)), start + i * 200);
  return speaker;
}

describe('ActiveSpeaker', () => {
  it('nobody speaks in silence or below the threshold', () => {
    const detector = new ActiveSpeaker();
    expect(feed(detector, { a: 0, b: 0.01 }, 0)).toBeNull();
  });

  it('picks the loudest participant', () => {
    const detector = new ActiveSpeaker();
    expect(feed(detector, { a: 0.3, b: 0.1, c: 0 }, 0)).toBe('a');
  });

  it('holds the highlight through a short pause, then drops it', () => {
    const detector = new ActiveSpeaker({ holdMs: 1000 });
    expect(feed(detector, { a: 0.5 }, 0)).toBe('a');
    expect(detector.update(new Map([['a', 0]]), 1000)).toBe('a');
    expect(feed(detector, { a: 0 }, 1200, 10)).toBeNull();
  });

  it('does not switch for a challenger that is only a little louder', () => {
    const detector = new ActiveSpeaker({ holdMs: 0 });
    expect(feed(detector, { a: 0.3, b: 0 }, 0, 10)).toBe('a');
    expect(feed(detector, { a: 0.3, b: 0.35 }, 2000, 10)).toBe('a');
    expect(feed(detector, { a: 0.3, b: 0.8 }, 4000, 10)).toBe('b');
  });

  it('waits for the hold time before switching to someone else', () => {
    const detector = new ActiveSpeaker({ holdMs: 1000, smoothing: 1 });
    expect(
      detector.update(
        new Map([
          ['a', 0.5],
          ['b', 0],
        ]),
        0,
      ),
    ).toBe('a');
    expect(
      detector.update(
        new Map([
          ['a', 0],
          ['b', 0.9],
        ]),
        500,
      ),
    ).toBe('a');
    expect(
      detector.update(
        new Map([
          ['a', 0],
          ['b', 0.9],
        ]),
        1000,
      ),
    ).toBe('b');
  });

  it('forgets a participant who left, at once', () => {
    const detector = new ActiveSpeaker({ holdMs: 10_000 });
    expect(feed(detector, { a: 0.5, b: 0 }, 0)).toBe('a');
    expect(feed(detector, { b: 0.5 }, 1000)).toBe('b');
  });

  it('ignores nonsense levels', () => {
    const detector = new ActiveSpeaker();
    expect(feed(detector, { a: Number.NaN, b: -1 }, 0)).toBeNull();
  });
});
