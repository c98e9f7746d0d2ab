import type { ConnectionStats } from '../../client/index.js';

/** Signal bars on a tile: three, two or one. */
export type SignalLevel = 'good' | 'fair' | 'poor';

/** Thresholds: past the first a call feels worse, past the second it breaks up. */
export const FAIR_RTT_MS = 200;
export const POOR_RTT_MS = 400;
export const FAIR_LOSS = 0.02;
export const POOR_LOSS = 0.08;
export const FAIR_FPS = 15;
export const POOR_FPS = 8;

/**
 * How a connection feels, from round-trip time, the share of packets lost since the
 * previous reading and the incoming frame rate (when video is expected): the worst of the
 * three. Null until a pair is selected.
 */
export function signalLevel(
  previous: ConnectionStats | null,
  current: ConnectionStats | null,
  expectsVideo: boolean,
): SignalLevel | null {
  if (current === null) return null;
  const loss = lossShare(previous, current);
  const fps = expectsVideo ? current.framesPerSecond : null;
  const rtt = current.rttMs;
  if ((rtt ?? 0) > POOR_RTT_MS || loss > POOR_LOSS || (fps !== null && fps < POOR_FPS))
    return 'poor';
  if ((rtt ?? 0) > FAIR_RTT_MS || loss > FAIR_LOSS || (fps !== null && fps < FAIR_FPS))
    return 'fair';
  return 'good';
}

/** Lost ÷ (lost + received) between two readings; 0 when unknown or counters restarted. */
function lossShare(previous: ConnectionStats | null, current: ConnectionStats): number {
  if (previous === null) return 0;
  const lost = current.packetsLost - previous.packetsLost;
  const received = current.packetsReceived - previous.packetsReceived;
  if (lost < 0 || received < 0 || lost + received === 0) return 0;
  return lost / (lost + received);
}
