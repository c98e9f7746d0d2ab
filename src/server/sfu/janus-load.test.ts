import { describe, expect, it } from 'vitest';
import { pickLeastLoaded, type JanusLoad } from './janus-load.js';

const load = (over: Partial<JanusLoad>): JanusLoad => ({
  healthy: true,
  handles: 1,
  publishers: 0,
  subscribers: 0,
  ...over,
});

describe('pickLeastLoaded', () => {
  it('picks the healthy instance with the fewest PeerConnections, then handles', () => {
    const instances = [
      { name: 'a', load: load({ publishers: 3, subscribers: 3, handles: 7 }) },
      { name: 'b', load: load({ publishers: 1, subscribers: 1, handles: 9 }) },
      { name: 'c', load: load({ healthy: false, handles: 0 }) },
      { name: 'd', load: load({ publishers: 2, subscribers: 0, handles: 3 }) },
    ];
    expect(pickLeastLoaded(instances, (i) => i.load)?.name).toBe('d');
  });

  it('keeps the earlier candidate on a tie and returns null when none is healthy', () => {
    const tie = [
      { name: 'a', load: load({}) },
      { name: 'b', load: load({}) },
    ];
    expect(pickLeastLoaded(tie, (i) => i.load)?.name).toBe('a');
    expect(pickLeastLoaded([{ load: load({ healthy: false }) }], (i) => i.load)).toBeNull();
    expect(pickLeastLoaded([], (i: { load: JanusLoad }) => i.load)).toBeNull();
  });
});
