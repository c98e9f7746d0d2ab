import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Keepalive } from './keepalive.js';

describe('Keepalive probe', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    let dead = 0;
    let pings = 0;
    const keepalive = new Keepalive(
      { pingIntervalMs: 60_000, deadAfterMs: 120_000 },
      () => pings++,
      () => dead++,
    );
    return { keepalive, dead: () => dead, pings: () => pings };
  };

  it('calls the socket dead when a probe is not answered in time, alive when it is', () => {
    const { keepalive, dead, pings } = setup();
    vi.advanceTimersByTime(10);
    keepalive.probe(1000);
    expect(pings()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(dead()).toBe(1);
    keepalive.probe(1000);
    vi.advanceTimersByTime(500);
    keepalive.heard();
    vi.advanceTimersByTime(1000);
    expect(dead()).toBe(1);
    keepalive.stop();
  });

  it('waits once more when its timer fired late (a starved page), then decides', () => {
    const { keepalive, dead } = setup();
    vi.advanceTimersByTime(10);
    keepalive.probe(1000);
    // The page was frozen for 3 s: the timer runs long after it was due.
    vi.setSystemTime(Date.now() + 3000);
    vi.advanceTimersByTime(1000);
    expect(dead()).toBe(0);
    keepalive.heard();
    vi.advanceTimersByTime(1000);
    expect(dead()).toBe(0);
    vi.advanceTimersByTime(10);
    keepalive.probe(1000);
    vi.setSystemTime(Date.now() + 3000);
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    expect(dead()).toBe(1);
    keepalive.stop();
  });
});
