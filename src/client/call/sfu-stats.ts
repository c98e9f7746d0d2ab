import { readConnectionStats, type ConnectionStats } from '../connection-stats.js';

type Stat = Readonly<Record<string, unknown>>;

/**
 * One participant's media on the SFU subscriber connection, which carries everyone's: the
 * connection's selected pair (type, protocol, RTT), with the bytes of that participant's
 * mids only (`inbound-rtp` by `mid`), so its bitrate is the participant's own.
 */
export function readSfuParticipantStats(
  report: RTCStatsReport,
  mids: ReadonlySet<string>,
): ConnectionStats | null {
  const pair = readConnectionStats(report);
  if (pair === null) return null;
  let bytesReceived = 0;
  let timestamp: number | null = null;
  for (const stat of report.values() as IterableIterator<Stat>) {
    if (stat['type'] !== 'inbound-rtp' || !mids.has(String(stat['mid']))) continue;
    const bytes = stat['bytesReceived'];
    if (typeof bytes === 'number') bytesReceived += bytes;
    const at = stat['timestamp'];
    if (typeof at === 'number') timestamp = Math.max(timestamp ?? at, at);
  }
  return { ...pair, bytesReceived, timestamp: timestamp ?? pair.timestamp };
}
