import { describe, expect, it } from 'vitest';
import type { ConnectionStats } from '../../client/index.js';
import { signalLevel } from './signal-level.js';

const reading = (over: Partial<ConnectionStats> = {}): ConnectionStats => ({
  localType: 'host',
  remoteType: 'host',
  protocol: 'udp',
  rttMs: 20,
  bytesReceived: 0,
  timestamp: 0,
  samePublicAddress: false,
  packetsReceived: 1000,
  packetsLost: 0,
  framesPerSecond: 30,
  ...over,
});

describe('signalLevel: the bars on a tile', () => {
  it('is good on a clean, fast connection and unknown before a pair is selected', () => {
    expect(signalLevel(null, reading(), true)).toBe('good');
    expect(signalLevel(null, null, true)).toBeNull();
  });

  it('falls with delay, with loss since the previous reading, and with a stalling picture', () => {
    expect(signalLevel(null, reading({ rttMs: 250 }), true)).toBe('fair');
    expect(signalLevel(null, reading({ rttMs: 500 }), true)).toBe('poor');
    const before = reading();
    expect(signalLevel(before, reading({ packetsReceived: 1950, packetsLost: 50 }), true)).toBe(
      'fair',
    );
    expect(signalLevel(before, reading({ packetsReceived: 1850, packetsLost: 150 }), true)).toBe(
      'poor',
    );
    expect(signalLevel(null, reading({ framesPerSecond: 10 }), true)).toBe('fair');
    expect(signalLevel(null, reading({ framesPerSecond: 5 }), true)).toBe('poor');
  });

  it('ignores the frame rate of someone with the camera off, and counters that restarted', () => {
    expect(signalLevel(null, reading({ framesPerSecond: 0 }), false)).toBe('good');
    const later = reading({ packetsReceived: 5000, packetsLost: 400 });
    expect(signalLevel(later, reading({ packetsReceived: 10, packetsLost: 1 }), true)).toBe('good');
  });
});
