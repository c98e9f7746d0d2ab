import { describe, expect, it } from 'vitest';
import { LayerWatch, type Layer, type LayerWatchOptions } from './layer-watch.js';

/** Timers that run only when the test advances the clock. */
function harness(options: Partial<LayerWatchOptions> = {}) {
  let now = 0;
  let next = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const retries: { at: number; mid: string; layer: Layer }[] = [];
  const watch = new LayerWatch(
    {
      retry: (mid, layer) => retries.push({ at: now, mid, layer }),
      setTimer: (fn, ms) => {
        timers.set(++next, { at: now + ms, fn });
        return next;
      },
      clearTimer: (timer) => {
        timers.delete(timer as number);
      },
    },
    { firstRetryMs: 1000, maxRetries: 3, ...options },
  );
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { watch, retries, advance, pending: () => timers.size };
}

describe('LayerWatch', () => {
  it('asks nothing again once Janus delivers the layer chosen', () => {
    const { watch, retries, advance, pending } = harness();
    watch.requested('v1', 2);
    watch.delivered('v1', 2);
    advance(60_000);
    expect(retries).toEqual([]);
    expect(pending()).toBe(0);
  });

  it('asks again, each wait twice the last, and stops after maxRetries', () => {
    const { watch, retries, advance, pending } = harness();
    watch.requested('v1', 2);
    watch.delivered('v1', 0);
    advance(60_000);
    expect(retries).toEqual([
      { at: 1000, mid: 'v1', layer: 2 },
      { at: 3000, mid: 'v1', layer: 2 },
      { at: 7000, mid: 'v1', layer: 2 },
    ]);
    expect(pending()).toBe(0);
  });

  it('also asks again when Janus never reports a layer at all', () => {
    const { watch, retries, advance } = harness();
    watch.requested('v1', 1);
    advance(1000);
    expect(retries).toEqual([{ at: 1000, mid: 'v1', layer: 1 }]);
  });

  it('stops asking once the layer comes after a retry', () => {
    const { watch, retries, advance, pending } = harness();
    watch.requested('v1', 2);
    watch.delivered('v1', 0);
    advance(1000);
    watch.delivered('v1', 2);
    advance(60_000);
    expect(retries).toHaveLength(1);
    expect(pending()).toBe(0);
  });

  it('starts over when Janus falls back later (the delivered layer changed)', () => {
    const { watch, retries, advance } = harness();
    watch.requested('v1', 2);
    watch.delivered('v1', 2);
    advance(30_000);
    // A loaded machine: no packet of the top layer for 250 ms, Janus drops to the lowest.
    watch.delivered('v1', 0);
    advance(1000);
    expect(retries).toEqual([{ at: 31_000, mid: 'v1', layer: 2 }]);
  });

  it('follows a new choice, and forgets a paused or forgotten stream', () => {
    const { watch, retries, advance, pending } = harness();
    watch.requested('v1', 2);
    watch.delivered('v1', 1);
    watch.requested('v1', 1);
    watch.requested('v2', 2);
    watch.requested('v2', null);
    watch.requested('v3', 2);
    watch.forget('v3');
    advance(60_000);
    expect(retries).toEqual([]);
    expect(pending()).toBe(0);
  });

  it('ignores reports for streams it does not watch, and close() is idempotent', () => {
    const { watch, retries, advance, pending } = harness();
    watch.delivered('v9', 0);
    watch.requested('v1', 2);
    watch.close();
    watch.close();
    advance(60_000);
    expect(retries).toEqual([]);
    expect(pending()).toBe(0);
  });
});
