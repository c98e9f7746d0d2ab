import { describe, expect, it } from 'vitest';
import { FirstOffers, SFU_PUBLISH } from './first-offers.js';

function counted() {
  let done = 0;
  const offers = new FirstOffers(() => {
    done++;
  });
  return { offers, done: () => done };
}

describe('FirstOffers', () => {
  it('tells once, after the join was announced and every expected offer went', () => {
    const { offers, done } = counted();
    offers.expect(['a', 'b']);
    offers.settled('a');
    offers.arm();
    expect(done()).toBe(0);
    offers.settled('b');
    expect(done()).toBe(1);
    offers.settled('b');
    offers.settled('a');
    expect(done()).toBe(1);
  });

  it('offers that went before the announcement count; nobody to offer to tells at once', () => {
    const early = counted();
    early.offers.expect([SFU_PUBLISH]);
    early.offers.settled(SFU_PUBLISH);
    expect(early.done()).toBe(0);
    early.offers.arm();
    expect(early.done()).toBe(1);
    const alone = counted();
    alone.offers.expect([]);
    alone.offers.arm();
    expect(alone.done()).toBe(1);
  });

  it('an offer to someone not expected changes nothing; a new join expects anew', () => {
    const { offers, done } = counted();
    offers.settled('a');
    offers.arm();
    expect(done()).toBe(0);
    offers.expect(['a']);
    offers.settled('c');
    offers.arm();
    expect(done()).toBe(0);
    offers.settled('a');
    expect(done()).toBe(1);
  });
});
