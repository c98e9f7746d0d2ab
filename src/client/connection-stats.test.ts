import { describe, expect, it } from 'vitest';
import { incomingBitrate, readConnectionStats, type ConnectionStats } from './connection-stats.js';

/** A stats report as Chromium shows it: a map of id → stat. */
function report(stats: Record<string, unknown>[]): RTCStatsReport {
  return new Map(stats.map((stat) => [String(stat['id']), stat]));
}

const pair = (extra: Record<string, unknown> = {}) => ({
  id: 'CP1',
  type: 'candidate-pair',
  localCandidateId: 'L1',
  remoteCandidateId: 'R1',
  currentRoundTripTime: 0.0234,
  bytesReceived: 50_000,
  timestamp: 10_000,
  ...extra,
});

describe('readConnectionStats', () => {
  it('reads the selected pair: types, protocol, RTT in ms, bytes', () => {
    const stats = readConnectionStats(
      report([
        { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
        pair(),
        { id: 'CP2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R1' },
        { id: 'L1', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
        { id: 'L2', type: 'local-candidate', candidateType: 'relay', protocol: 'udp' },
        { id: 'R1', type: 'remote-candidate', candidateType: 'prflx', protocol: 'udp' },
        { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 900, packetsLost: 10 },
        { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: 100, packetsLost: -1 },
        { id: 'IS', type: 'inbound-rtp', kind: 'video', framesPerSecond: 24, packetsReceived: 0 },
      ]),
    );
    expect(stats).toEqual({
      localType: 'host',
      remoteType: 'prflx',
      protocol: 'udp',
      rttMs: 23,
      bytesReceived: 50_000,
      timestamp: 10_000,
      samePublicAddress: false,
      // Negative losses (duplicates counted) are no losses; the fastest video stream counts.
      packetsReceived: 1000,
      packetsLost: 10,
      framesPerSecond: 24,
    });
  });

  it('tells when the other side is behind the same public address (same NAT)', () => {
    const candidates = (remoteSrflx: string) => [
      { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
      pair(),
      { id: 'L1', type: 'local-candidate', candidateType: 'relay', protocol: 'udp' },
      { id: 'L2', type: 'local-candidate', candidateType: 'srflx', address: '198.18.0.30' },
      { id: 'L3', type: 'local-candidate', candidateType: 'host', address: '198.19.10.10' },
      { id: 'R1', type: 'remote-candidate', candidateType: 'srflx', address: remoteSrflx },
      // A host address equal to our public one proves nothing: only mappings count.
      { id: 'R2', type: 'remote-candidate', candidateType: 'host', address: '198.18.0.30' },
    ];
    expect(readConnectionStats(report(candidates('198.18.0.30')))?.samePublicAddress).toBe(true);
    expect(readConnectionStats(report(candidates('198.18.0.77')))?.samePublicAddress).toBe(false);
  });

  it('reports the protocol to the TURN server for a relay candidate (TURN over TLS)', () => {
    const stats = readConnectionStats(
      report([
        { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
        pair(),
        {
          id: 'L1',
          type: 'local-candidate',
          candidateType: 'relay',
          protocol: 'udp',
          relayProtocol: 'tls',
        },
        { id: 'R1', type: 'remote-candidate', candidateType: 'srflx', protocol: 'udp' },
      ]),
    );
    expect(stats).toMatchObject({ localType: 'relay', remoteType: 'srflx', protocol: 'tls' });
  });

  it('counts bytes the connection received on any pair (media may arrive on another pair than the selected one)', () => {
    const stats = readConnectionStats(
      report([
        {
          id: 'T1',
          type: 'transport',
          selectedCandidatePairId: 'CP1',
          bytesReceived: 80_000,
          timestamp: 10_500,
        },
        pair({ bytesReceived: 0 }),
        { id: 'CP2', type: 'candidate-pair', bytesReceived: 80_000 },
        { id: 'L1', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
        { id: 'R1', type: 'remote-candidate', candidateType: 'prflx', protocol: 'udp' },
      ]),
    );
    expect(stats).toMatchObject({ localType: 'host', bytesReceived: 80_000, timestamp: 10_500 });
  });

  it('falls back to the pair flagged `selected` when the transport does not name one', () => {
    const stats = readConnectionStats(
      report([
        pair({ selected: true }),
        { id: 'L1', type: 'local-candidate', candidateType: 'srflx', protocol: 'tcp' },
        { id: 'R1', type: 'remote-candidate', candidateType: 'host', protocol: 'tcp' },
      ]),
    );
    expect(stats).toMatchObject({ localType: 'srflx', remoteType: 'host', protocol: 'tcp' });
  });

  it('is null while no pair is selected, and tolerates missing fields', () => {
    expect(readConnectionStats(report([{ id: 'T1', type: 'transport' }, pair()]))).toBeNull();
    const bare = readConnectionStats(
      report([
        { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
        { id: 'CP1', type: 'candidate-pair' },
      ]),
    );
    expect(bare).toEqual({
      localType: null,
      remoteType: null,
      protocol: null,
      rttMs: null,
      bytesReceived: 0,
      timestamp: 0,
      samePublicAddress: false,
      packetsReceived: 0,
      packetsLost: 0,
      framesPerSecond: null,
    });
  });
});

describe('incomingBitrate', () => {
  const at = (timestamp: number, bytesReceived: number): ConnectionStats => ({
    localType: 'host',
    remoteType: 'host',
    protocol: 'udp',
    rttMs: 1,
    bytesReceived,
    timestamp,
    samePublicAddress: false,
    packetsReceived: 0,
    packetsLost: 0,
    framesPerSecond: null,
  });

  it('is bits per second between two readings', () => {
    expect(incomingBitrate(at(1000, 0), at(3000, 250_000))).toBe(1_000_000);
  });

  it('is null without two readings, for a reset counter, or for no elapsed time', () => {
    expect(incomingBitrate(null, at(1000, 5))).toBeNull();
    expect(incomingBitrate(at(1000, 5), null)).toBeNull();
    expect(incomingBitrate(at(1000, 9000), at(2000, 100))).toBeNull();
    expect(incomingBitrate(at(1000, 5), at(1000, 10))).toBeNull();
  });
});
