import { describe, expect, it } from 'vitest';
import { readSfuParticipantStats, SharedStatsReport } from './sfu-stats.js';

type Stat = Record<string, unknown>;

/** A report whose every pass over its entries is counted (Chromium converts them each time). */
function countedReport(stats: Stat[]): { report: RTCStatsReport; passes: () => number } {
  const map = new Map(stats.map((stat) => [String(stat['id']), stat]));
  let passes = 0;
  const report = {
    values: () => {
      passes++;
      return map.values();
    },
  } as unknown as RTCStatsReport;
  return { report, passes: () => passes };
}

const SUBSCRIBER: Stat[] = [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'P', bytesReceived: 9999, timestamp: 5 },
  { id: 'P', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R' },
  { id: 'L', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
  { id: 'R', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
  // Ann's audio (mid 0) and video (mid 1), Ben's video (mid 2).
  {
    id: 'a0',
    type: 'inbound-rtp',
    kind: 'audio',
    mid: '0',
    bytesReceived: 100,
    packetsReceived: 10,
    packetsLost: 1,
    timestamp: 7,
  },
  {
    id: 'v1',
    type: 'inbound-rtp',
    kind: 'video',
    mid: '1',
    bytesReceived: 1000,
    packetsReceived: 90,
    packetsLost: 0,
    framesPerSecond: 24,
    timestamp: 8,
  },
  {
    id: 'v2',
    type: 'inbound-rtp',
    kind: 'video',
    mid: '2',
    bytesReceived: 5000,
    packetsReceived: 400,
    packetsLost: 40,
    framesPerSecond: 5,
    timestamp: 8,
  },
];

function fakeSubscriber(report: RTCStatsReport): { pc: RTCPeerConnection; calls: () => number } {
  let calls = 0;
  const pc = {
    getStats: () => {
      calls++;
      return Promise.resolve(report);
    },
  } as unknown as RTCPeerConnection;
  return { pc, calls: () => calls };
}

describe('SFU participant stats', () => {
  it('gives each participant the pair of the connection and the counts of its own mids only', async () => {
    const { report } = countedReport(SUBSCRIBER);
    const read = await new SharedStatsReport().of(fakeSubscriber(report).pc);
    const ann = readSfuParticipantStats(read, new Set(['0', '1']));
    const ben = readSfuParticipantStats(read, new Set(['2']));
    expect(ann).toMatchObject({ localType: 'host', protocol: 'udp', bytesReceived: 1100 });
    expect(ann).toMatchObject({
      packetsReceived: 100,
      packetsLost: 1,
      framesPerSecond: 24,
      timestamp: 8,
    });
    expect(ben).toMatchObject({ bytesReceived: 5000, packetsLost: 40, framesPerSecond: 5 });
  });

  it('reads one report once for every participant of a badge tick', async () => {
    const { report, passes } = countedReport(SUBSCRIBER);
    const subscriber = fakeSubscriber(report);
    const shared = new SharedStatsReport();
    const reads = await Promise.all(['0', '1', '2'].map(() => shared.of(subscriber.pc)));
    for (const [i, read] of reads.entries()) readSfuParticipantStats(read, new Set([String(i)]));
    expect(subscriber.calls()).toBe(1);
    expect(passes()).toBe(1);
  });

  it('has no figures while the connection has no selected pair', async () => {
    const { report } = countedReport(SUBSCRIBER.filter((stat) => stat['type'] !== 'transport'));
    const read = await new SharedStatsReport().of(fakeSubscriber(report).pc);
    expect(readSfuParticipantStats(read, new Set(['0']))).toBeNull();
  });
});
