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

/** A subscriber stats report younger than this is reused. */
const STATS_REUSE_MS = 500;

/**
 * The subscriber connection carries everyone: a badge tick asks for each participant in a
 * row, and one getStats() of a connection with 2 × N m-lines serves them all (a room of
 * ten otherwise reads nine full reports per page every tick).
 */
export class SharedStatsReport {
  #last: { pc: RTCPeerConnection; at: number; report: Promise<RTCStatsReport> } | null = null;

  of(pc: RTCPeerConnection): Promise<RTCStatsReport> {
    const now = Date.now();
    const last = this.#last;
    if (last !== null && last.pc === pc && now - last.at < STATS_REUSE_MS) return last.report;
    const report = pc.getStats();
    this.#last = { pc, at: now, report };
    return report;
  }
}
