import type { CandidateType, ConnectionStats } from '../../client/index.js';

/**
 * The pair's type as one word: `relay` if either end relays (that is the path the packets
 * take), else our own candidate's type.
 */
export function pairType(stats: ConnectionStats): CandidateType | null {
  if (stats.localType === 'relay' || stats.remoteType === 'relay') return 'relay';
  return stats.localType ?? stats.remoteType;
}

/** A no-break space: a figure and its unit never end up on two lines. */
const NBSP = '\u00a0';

/** `1.2 Mb/s`, `350 kb/s`. */
export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1)}${NBSP}Mb/s`;
  return `${String(Math.round(bitsPerSecond / 1000))}${NBSP}kb/s`;
}

/** The badge line: `host · udp · 3 ms · 1.2 Mb/s` (parts that are unknown yet are left out). */
export function connectionSummary(stats: ConnectionStats, bitrate: number | null): string {
  const parts = [
    pairType(stats),
    stats.protocol,
    stats.rttMs === null ? null : `${String(stats.rttMs)}${NBSP}ms`,
    bitrate === null ? null : formatBitrate(bitrate),
  ];
  return parts.filter((part) => part !== null).join(' · ');
}
