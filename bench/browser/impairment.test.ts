import { describe as suite, expect, it } from 'vitest';
import { describe, ruleFor } from './impairment.js';

suite('ruleFor', () => {
  it('drops a random share of the UDP packets sent from the given ports', () => {
    expect(ruleFor({ kind: 'loss', percent: 5 }, [40000, 40001])).toBe(
      'udp sport { 40000, 40001 } numgen random mod 100 < 5 counter drop',
    );
  });

  it('polices in bytes per second: 1 Mbit/s is 125000 bytes, 500 kbit/s is 62500', () => {
    expect(ruleFor({ kind: 'police', kbitPerSecond: 1000 }, [40000])).toBe(
      'udp sport { 40000 } limit rate over 125000 bytes/second counter drop',
    );
    expect(ruleFor({ kind: 'police', kbitPerSecond: 500 }, [40000])).toContain(
      'over 62500 bytes/second',
    );
  });

  it('has no rule for a clean network, and refuses to impair no ports at all', () => {
    expect(ruleFor({ kind: 'clean' }, [40000])).toBeNull();
    expect(() => ruleFor({ kind: 'loss', percent: 5 }, [])).toThrow(/no ports/);
  });
});

suite('describe', () => {
  it('names each case as the results table shows it', () => {
    expect(describe({ kind: 'loss', percent: 15 })).toBe('15 % UDP loss');
    expect(describe({ kind: 'police', kbitPerSecond: 1000 })).toBe('uplink 1 Mbit/s');
    expect(describe({ kind: 'police', kbitPerSecond: 500 })).toBe('uplink 500 kbit/s');
  });
});
