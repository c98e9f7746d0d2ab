import { describe, expect, it } from 'vitest';
import { HandQueue } from './hand-queue.js';

describe('HandQueue', () => {
  it('orders raises by their Lamport time, then by id, whatever the arrival order', () => {
    const messages: [string, boolean, number][] = [
      ['ann', true, 1],
      ['ben', true, 2],
      ['chen', true, 1],
    ];
    const orders = [messages, [...messages].reverse()].map((arrival) => {
      const queue = new HandQueue();
      for (const [id, raised, seq] of arrival) queue.apply(id, raised, seq);
      return queue.order;
    });
    expect(orders).toEqual([
      ['ann', 'chen', 'ben'],
      ['ann', 'chen', 'ben'],
    ]);
  });

  it('a raise made after seeing another comes after it, even from a clock behind', () => {
    const ann = new HandQueue();
    const ben = new HandQueue();
    const annRaise = ann.tick();
    ann.apply('ann', true, annRaise);
    ben.apply('ann', true, annRaise);
    const benRaise = ben.tick();
    expect(benRaise).toBeGreaterThan(annRaise);
    ben.apply('zed', true, benRaise);
    expect(ben.order).toEqual(['ann', 'zed']);
  });

  it('ignores a stale message of a participant (an old raise after a newer lower)', () => {
    const queue = new HandQueue();
    queue.apply('ann', true, 3);
    expect(queue.apply('ann', false, 5)).toBe(true);
    expect(queue.apply('ann', true, 3)).toBe(false);
    expect(queue.order).toEqual([]);
    expect(queue.apply('ann', true, 6)).toBe(true);
    expect(queue.position('ann')).toBe(1);
  });

  it('a late joiner rebuilds the same queue from the raises re-sent to it', () => {
    const queue = new HandQueue();
    queue.apply('chen', true, 4);
    queue.apply('ann', true, 2);
    expect(queue.order).toEqual(['ann', 'chen']);
    expect(queue.tick()).toBe(5);
  });

  it('forgets a participant who left', () => {
    const queue = new HandQueue();
    queue.apply('ann', true, 1);
    expect(queue.forget('ann')).toBe(true);
    expect(queue.raisedAt('ann')).toBeNull();
    expect(queue.apply('ann', true, 1)).toBe(true);
  });
});
