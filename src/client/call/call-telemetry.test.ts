import { describe, expect, it, vi } from 'vitest';
import { telemetryMessageSchema } from '../../protocol/index.js';
import { connectMesh, joinedCall, sent, useFakeCallWorld } from '../test-support/call-harness.js';
import { connectionReport } from './call-telemetry.js';

useFakeCallWorld();

/** A getStats() report: a relayed pair over UDP, and incoming video and audio. */
function stats(counters: { lost: number; received: number; freeze: number; fps: number }) {
  return [
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P', bytesReceived: 1000 },
    {
      id: 'P',
      type: 'candidate-pair',
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: 0.045,
    },
    { id: 'L', type: 'local-candidate', candidateType: 'relay', relayProtocol: 'udp' },
    { id: 'R', type: 'remote-candidate', candidateType: 'srflx', protocol: 'udp' },
    {
      id: 'V',
      type: 'inbound-rtp',
      kind: 'video',
      packetsLost: counters.lost,
      packetsReceived: counters.received,
      totalFreezesDuration: counters.freeze,
      framesPerSecond: counters.fps,
    },
    { id: 'A', type: 'inbound-rtp', kind: 'audio', packetsLost: 0, packetsReceived: 100 },
  ];
}
const asReport = (list: Record<string, unknown>[]) =>
  new Map(list.map((stat) => [String(stat['id']), stat])) as unknown as RTCStatsReport;

describe('a connection report', () => {
  it('says the pair, RTT, and loss, frame rate and freezes since the previous report', () => {
    const first = connectionReport(
      asReport(stats({ lost: 10, received: 190, freeze: 1.5, fps: 29.6 })),
      'mesh',
      undefined,
    );
    expect(first.report).toEqual({
      path: 'mesh',
      localType: 'relay',
      remoteType: 'srflx',
      protocol: 'udp',
      rttMs: 45,
      lossRatio: 10 / 300,
      fps: 30,
      freezeSeconds: 1.5,
    });
    const second = connectionReport(
      asReport(stats({ lost: 10, received: 290, freeze: 1.5, fps: 500 })),
      'mesh',
      first.totals,
    );
    expect(second.report).toMatchObject({ lossRatio: 0, freezeSeconds: 0, fps: 240 });
    expect(
      telemetryMessageSchema.safeParse({ type: 'telemetry', reports: [second.report] }).success,
    ).toBe(true);
  });

  it('has nulls while no pair is selected and nothing arrives', () => {
    expect(connectionReport(asReport([]), 'sfu', undefined).report).toEqual({
      path: 'sfu',
      localType: null,
      remoteType: null,
      protocol: null,
      rttMs: null,
      lossRatio: null,
      fps: null,
      freezeSeconds: 0,
    });
  });
});

describe('a call’s telemetry', () => {
  it('reports each connection every interval, with its set-up time once', async () => {
    const { call, socket } = await joinedCall('m', ['a'], { telemetryIntervalMs: 1000 });
    const pc = await connectMesh(call, 'a');
    pc.stats = stats({ lost: 0, received: 100, freeze: 0, fps: 30 });
    await vi.advanceTimersByTimeAsync(1000);
    const [first] = sent(socket, 'telemetry');
    expect(first?.reports).toHaveLength(1);
    expect(first?.reports[0]).toMatchObject({ path: 'mesh', localType: 'relay', rttMs: 45 });
    expect(first?.reports[0]?.setupMs).toBeGreaterThanOrEqual(0);
    await vi.advanceTimersByTimeAsync(1000);
    const [, second] = sent(socket, 'telemetry');
    expect(second?.reports[0]).not.toHaveProperty('setupMs');
    expect(JSON.stringify(sent(socket, 'telemetry'))).not.toContain('"a"');
    call.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent(socket, 'telemetry')).toHaveLength(2);
  });

  it('spaces reports by the interval even when reading the stats is slow (no rate-limited)', async () => {
    const { call, socket } = await joinedCall('m', ['a'], { telemetryIntervalMs: 1000 });
    const pc = await connectMesh(call, 'a');
    pc.stats = stats({ lost: 0, received: 100, freeze: 0, fps: 30 });
    const read = pc.getStats.bind(pc);
    const delays = [900, 0, 0];
    pc.getStats = async () => {
      // The first reading takes 0.9 s (a busy machine), the next ones none.
      await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
      return read();
    };
    const sentAt: number[] = [];
    const count = () => sent(socket, 'telemetry').length;
    for (let t = 0; t < 4000; t += 50) {
      const before = count();
      await vi.advanceTimersByTimeAsync(50);
      if (count() > before) sentAt.push(t + 50);
    }
    expect(sentAt.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < sentAt.length; i++)
      expect((sentAt[i] ?? 0) - (sentAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    call.close();
  });

  it('sends nothing with telemetry: false', async () => {
    const { call, socket } = await joinedCall('m', ['a'], {
      telemetry: false,
      telemetryIntervalMs: 1000,
    });
    await connectMesh(call, 'a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent(socket, 'telemetry')).toEqual([]);
    call.close();
  });
});
