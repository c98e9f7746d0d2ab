import { meshFloorBps, meshUploadBps } from '../mesh-video.js';
import type { CheckResult, UploadInfo } from './report.js';

/** Meeting sizes the upload verdict speaks of (ourselves included): a mesh's range. */
export const UPLOAD_VERDICT_MAX_PEOPLE = 8;
/** Above this round-trip time people start talking over each other (also the tile hint's). */
export const HIGH_RTT_MS = 400;

/**
 * Whether this network's upload carries a mesh meeting's video, from the fastest relay
 * check (its data went up to the TURN server and back: the best path measured). A mesh
 * sends a copy per other person at the size table's bitrate (mesh-video.ts); the first
 * meeting size whose copies do not fit is where the video gets reduced. Audio goes first
 * in the senders' budget, so it stays clear as long as the smallest copies fit.
 */
export function uploadVerdict(checks: readonly CheckResult[]): UploadInfo {
  const measured = checks.filter(
    (check) => check.kind !== 'stun' && check.outcome === 'works' && check.throughputMbps !== null,
  );
  const best = measured.reduce<CheckResult | null>(
    (a, b) => (a === null || (b.throughputMbps ?? 0) > (a.throughputMbps ?? 0) ? b : a),
    null,
  );
  const mbps = best?.throughputMbps ?? null;
  if (best === null || mbps === null)
    return {
      status: 'unknown',
      mbps: null,
      rttMs: null,
      fullVideoUpTo: null,
      text: 'upload unknown: no TURN server relayed data to measure it',
    };
  const bps = mbps * 1e6;
  const upload = `your upload (${formatMbps(mbps)})`;
  const rtt = rttNote(best.rttMs);
  let tooSmall: number | null = null;
  for (let people = 2; people <= UPLOAD_VERDICT_MAX_PEOPLE && tooSmall === null; people++)
    if (meshUploadBps(people) > bps) tooSmall = people;
  const base = { mbps, rttMs: best.rttMs };
  if (tooSmall === null)
    return {
      ...base,
      status: 'carries',
      fullVideoUpTo: UPLOAD_VERDICT_MAX_PEOPLE,
      text: `${upload} carries everyone's video in a meeting of up to ${String(UPLOAD_VERDICT_MAX_PEOPLE)} people${rtt}`,
    };
  const fullVideoUpTo = tooSmall - 1;
  const carries =
    fullVideoUpTo >= 2
      ? `${upload} carries full video for up to ${String(fullVideoUpTo)} people, but is`
      : `${upload} is`;
  const consequence =
    bps >= meshFloorBps(tooSmall)
      ? 'video will be reduced; audio stays clear'
      : 'video will freeze or stop; audio goes first';
  return {
    ...base,
    status: 'reduced',
    fullVideoUpTo,
    text: `${carries} too slow for a ${String(tooSmall)}-person meeting: ${consequence}${rtt}`,
  };
}

function rttNote(rttMs: number | null): string {
  if (rttMs === null || rttMs <= HIGH_RTT_MS) return '';
  return `; the round trip through the relay is long (${String(Math.round(rttMs))} ms): people will talk over each other`;
}

/** Mbit/s with the precision that matters: 0.45 Mbit/s, 12.3 Mbit/s. */
export function formatMbps(mbps: number): string {
  return `${mbps < 1 ? mbps.toFixed(2) : mbps.toFixed(1)} Mbit/s`;
}
