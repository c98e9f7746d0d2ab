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

  it('asks before calling the socket dead when the page itself was frozen past deadAfterMs', () => {
    const pings: number[] = [];
    let dead = 0;
    const keepalive = new Keepalive(
      { pingIntervalMs: 5000, deadAfterMs: 15_000 },
      () => pings.push(Date.now()),
      () => dead++,
    );
    vi.advanceTimersByTime(5000);
    expect(pings).toHaveLength(1);
    // Frozen for 30 s: the next tick comes 25 s late, with the server's answers still queued.
    vi.setSystemTime(Date.now() + 30_000);
    vi.advanceTimersByTime(5000);
    expect(dead).toBe(0);
    expect(pings).toHaveLength(2);
    keepalive.heard();
    vi.advanceTimersByTime(5000);
    expect(dead).toBe(0);
    // Silent for real, with timers on time: dead after deadAfterMs.
    vi.advanceTimersByTime(15_000);
    expect(dead).toBe(1);
    keepalive.stop();
  });

  it('calls a socket dead whose probe after a freeze goes unanswered', () => {
    let dead = 0;
    const keepalive = new Keepalive(
      { pingIntervalMs: 5000, deadAfterMs: 15_000 },
      () => undefined,
      () => {
        dead++;
        keepalive.stop();
      },
    );
    vi.advanceTimersByTime(5000);
    vi.setSystemTime(Date.now() + 30_000);
    vi.advanceTimersByTime(5000);
    expect(dead).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(dead).toBe(1);
    keepalive.stop();
  });
});
