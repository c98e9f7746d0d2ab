/** ICE candidate types (RFC 8445; `prflx` is learned from a connectivity check). */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/**
 * How the packets travel to the first hop: for a relay candidate, the protocol between us
 * and the TURN server (`tls` for `turns:`); otherwise the candidate's own protocol.
 */
export type TransportProtocol = 'udp' | 'tcp' | 'tls';

/** What one peer connection uses right now, read from `getStats()`. */
export interface ConnectionStats {
  readonly localType: CandidateType | null;
  readonly remoteType: CandidateType | null;
  readonly protocol: TransportProtocol | null;
  /** Latest round-trip time on the selected pair (STUN consent checks), milliseconds. */
  readonly rttMs: number | null;
  /**
   * Bytes the connection received so far, on any candidate pair, and when (stats timestamp,
   * ms). Not the selected pair's own count: ICE may deliver on another pair than the one it
   * sends on (seen after an ICE restart behind a symmetric NAT), and media still flows.
   */
  readonly bytesReceived: number;
  readonly timestamp: number;
  /**
   * The other side has a server-reflexive candidate on one of our own public addresses:
   * both are behind the same NAT, on one network. With a relayed pair that means the
   * network kept the two apart (client isolation, no hairpinning).
   */
  readonly samePublicAddress: boolean;
  /** Media packets received and lost so far, over every incoming stream (inbound-rtp). */
  readonly packetsReceived: number;
  readonly packetsLost: number;
  /** Frames per second of the incoming video (the highest stream); null without video. */
  readonly framesPerSecond: number | null;
}

/** One entry of a stats report. */
export type Stat = Readonly<Record<string, unknown>>;

/**
 * The selected candidate pair of a peer connection's stats report: candidate types,
 * protocol, RTT and bytes received. Null while no pair is selected (still connecting).
 */
export function readConnectionStats(report: RTCStatsReport): ConnectionStats | null {
  return connectionStatsOf(statsById(report));
}

/** A report's entries by id, read once: each pass over a live report converts them all again. */
export function statsById(report: RTCStatsReport): ReadonlyMap<string, Stat> {
  const byId = new Map<string, Stat>();
  for (const stat of report.values() as IterableIterator<Stat>) {
    if (typeof stat['id'] === 'string') byId.set(stat['id'], stat);
  }
  return byId;
}

/** `readConnectionStats` over entries already read (`statsById`). */
export function connectionStatsOf(byId: ReadonlyMap<string, Stat>): ConnectionStats | null {
  const transport = [...byId.values()].find((stat) => stat['type'] === 'transport');
  const pair = selectedPair(byId, transport);
  if (pair === undefined) return null;
  const counted = transport?.['bytesReceived'] === undefined ? pair : transport;
  const local = byId.get(String(pair['localCandidateId']));
  const remote = byId.get(String(pair['remoteCandidateId']));
  const localType = candidateType(local);
  const rtt = pair['currentRoundTripTime'];
  return {
    localType,
    remoteType: candidateType(remote),
    protocol: transportProtocol(local, localType),
    rttMs: typeof rtt === 'number' ? Math.round(rtt * 1000) : null,
    bytesReceived: numberOr(counted['bytesReceived'], 0),
    timestamp: numberOr(counted['timestamp'], 0),
    samePublicAddress: sharePublicAddress(byId),
    ...incomingMedia(byId.values()),
  };
}

/** Packet counts and video frame rate over incoming streams (`inbound-rtp` entries). */
export function incomingMedia(stats: Iterable<Stat>): {
  packetsReceived: number;
  packetsLost: number;
  framesPerSecond: number | null;
} {
  let packetsReceived = 0;
  let packetsLost = 0;
  let framesPerSecond: number | null = null;
  for (const stat of stats) {
    if (stat['type'] !== 'inbound-rtp') continue;
    packetsReceived += numberOr(stat['packetsReceived'], 0);
    packetsLost += Math.max(0, numberOr(stat['packetsLost'], 0));
    const fps = stat['framesPerSecond'];
    if (stat['kind'] === 'video' && typeof fps === 'number')
      framesPerSecond = Math.max(framesPerSecond ?? 0, fps);
  }
  return { packetsReceived, packetsLost, framesPerSecond };
}

/** Whether a remote server-reflexive candidate has the address of one of our own. */
function sharePublicAddress(byId: ReadonlyMap<string, Stat>): boolean {
  const reflexive = (type: 'local-candidate' | 'remote-candidate'): Set<string> =>
    new Set(
      [...byId.values()]
        .filter((stat) => stat['type'] === type && stat['candidateType'] === 'srflx')
        .map((stat) => stat['address'])
        .filter((address): address is string => typeof address === 'string' && address !== ''),
    );
  const ours = reflexive('local-candidate');
  return [...reflexive('remote-candidate')].some((address) => ours.has(address));
}

/** Incoming bits per second between two readings of the same connection; null if unknown. */
export function incomingBitrate(
  previous: ConnectionStats | null,
  current: ConnectionStats | null,
): number | null {
  if (previous === null || current === null) return null;
  const seconds = (current.timestamp - previous.timestamp) / 1000;
  const bytes = current.bytesReceived - previous.bytesReceived;
  // A counter that starts from zero again (a rebuilt connection): no rate for this interval.
  if (seconds <= 0 || bytes < 0) return null;
  return Math.round((bytes * 8) / seconds);
}

function selectedPair(
  byId: ReadonlyMap<string, Stat>,
  transport: Stat | undefined,
): Stat | undefined {
  const id = transport?.['selectedCandidatePairId'];
  if (typeof id === 'string') return byId.get(id);
  // Browsers without `transport.selectedCandidatePairId` flag the pair instead.
  for (const stat of byId.values()) {
    if (stat['type'] === 'candidate-pair' && stat['selected'] === true) return stat;
  }
  return undefined;
}

function candidateType(candidate: Stat | undefined): CandidateType | null {
  const type = candidate?.['candidateType'];
  return type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : null;
}

function transportProtocol(
  candidate: Stat | undefined,
  type: CandidateType | null,
): TransportProtocol | null {
  const relayProtocol = candidate?.['relayProtocol'];
  if (
    type === 'relay' &&
    (relayProtocol === 'udp' || relayProtocol === 'tcp' || relayProtocol === 'tls')
  )
    return relayProtocol;
  const protocol = candidate?.['protocol'];
  return protocol === 'udp' || protocol === 'tcp' ? protocol : null;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
