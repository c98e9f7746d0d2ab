import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from './emitter.js';

class Clock extends TypedEmitter<{ tick: [number]; stop: [] }> {
  tick(n: number): void {
    this.emit('tick', n);
  }
}

describe('TypedEmitter', () => {
  it('a throwing listener neither breaks the emitter nor the other listeners', () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    const clock = new Clock();
    const seen: number[] = [];
    clock.on('tick', () => {
      throw new Error('bad listener');
    });
    clock.on('tick', (n) => seen.push(n));
    clock.tick(1);
    clock.tick(2);
    expect(seen).toEqual([1, 2]);
    expect(reportError).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });

  it('once, off and next', async () => {
    const clock = new Clock();
    const seen: number[] = [];
    const listener = (n: number) => seen.push(n);
    clock.once('tick', listener);
    const next = clock.next('tick');
    clock.tick(1);
    clock.tick(2);
    expect(seen).toEqual([1]);
    expect(await next).toEqual([1]);
    clock.on('tick', listener);
    clock.off('tick', listener);
    clock.tick(3);
    expect(seen).toEqual([1]);
    expect(clock.listenerCount('tick')).toBe(0);
  });
});
