import {
  connectionStatsOf,
  incomingMedia,
  statsById,
  type ConnectionStats,
  type Stat,
} from '../connection-stats.js';

/**
 * The subscriber connection's stats report, read once: its selected pair, and its
 * incoming streams by mid.
 */
export interface SubscriberReport {
  readonly pair: ConnectionStats | null;
  readonly inbound: readonly Stat[];
}

/** Reads a subscriber connection's report once for all participants it carries. */
export function readSubscriberReport(report: RTCStatsReport): SubscriberReport {
  const byId = statsById(report);
  const inbound = [...byId.values()].filter((stat) => stat['type'] === 'inbound-rtp');
  return { pair: connectionStatsOf(byId), inbound };
}

/**
 * One participant's media on the SFU subscriber connection, which carries everyone's: the
 * connection's selected pair (type, protocol, RTT), with the bytes, packets and frame rate
 * of that participant's mids only (`inbound-rtp` by `mid`), so its bitrate and signal are
 * the participant's own.
 */
export function readSfuParticipantStats(
  report: SubscriberReport,
  mids: ReadonlySet<string>,
): ConnectionStats | null {
  const { pair } = report;
  if (pair === null) return null;
  const own = report.inbound.filter((stat) => mids.has(String(stat['mid'])));
  let bytesReceived = 0;
  let timestamp: number | null = null;
  for (const stat of own) {
    const bytes = stat['bytesReceived'];
    if (typeof bytes === 'number') bytesReceived += bytes;
    const at = stat['timestamp'];
    if (typeof at === 'number') timestamp = Math.max(timestamp ?? at, at);
  }
  return {
    ...pair,
    bytesReceived,
    timestamp: timestamp ?? pair.timestamp,
    ...incomingMedia(own),
  };
}

/** A subscriber stats report younger than this is reused. */
const STATS_REUSE_MS = 500;

/**
 * The subscriber connection carries everyone: a badge tick asks for each participant in a
 * row, and one getStats() of a connection with 2 × N m-lines, read once, serves them all
 * (a room of ten otherwise reads nine full reports per page every tick; and each pass over
 * a live report builds every entry again, which is what a profile of a page of six showed).
 */
export class SharedStatsReport {
  #last: { pc: RTCPeerConnection; at: number; report: Promise<SubscriberReport> } | null = null;

  of(pc: RTCPeerConnection): Promise<SubscriberReport> {
    const now = Date.now();
    const last = this.#last;
    if (last !== null && last.pc === pc && now - last.at < STATS_REUSE_MS) return last.report;
    const report = pc.getStats().then(readSubscriberReport);
    this.#last = { pc, at: now, report };
    return report;
  }
}
