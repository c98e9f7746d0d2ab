// Benchmark 1, relay cost: 50 pairs exchange 200 B and 3 KB signals at saturation through
// each server (pinned to core 0; this load generator on core 1). Figures: server CPU µs per
// relayed message, relays/s, and a probe pair's round trip under half load.
import type { BenchContext, Benchmark } from '../lib/context.js';
import { rotate } from '../lib/context.js';
import { pinSelf } from '../lib/processes.js';
import { pairedRatio, record } from '../lib/ratios.js';
import { environment, ratioGoal, type BenchResult, type Cell, type Goal } from '../lib/results.js';
import { quantile, roundSummary, summarize } from '../lib/stats.js';
import { startTarget, TARGETS, type RunningTarget, type TargetName } from '../servers/targets.js';
import { closePairs, connectPairs, type Pair } from './pairs.js';
import { PAYLOAD_SIZES } from './payloads.js';
import { probe, saturate } from './relay-phases.js';

const SERVER_CORE = 0;
const LOAD_CORE = 1;

function settings(quick: boolean) {
  return quick
    ? {
        pairs: 4,
        window: 4,
        repetitions: 1,
        timing: { warmupMs: 100, measureMs: 300 },
        probeMs: 300,
      }
    : {
        pairs: 50,
        window: 4,
        repetitions: 5,
        timing: { warmupMs: 500, measureMs: 2000 },
        probeMs: 1500,
      };
}

interface Running {
  readonly server: RunningTarget;
  readonly pairs: Pair[];
  readonly probePair: Pair;
}

export const relayBenchmark: Benchmark = {
  name: 'relay',
  title: 'Relay cost',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    pinSelf(LOAD_CORE);
    const running = new Map<TargetName, Running>();
    try {
      for (const target of TARGETS) {
        const server = await startTarget(target, { core: SERVER_CORE });
        const pairs = await connectPairs(target, server.port, s.pairs, `relay-${target}`);
        const [probePair] = await connectPairs(target, server.port, 1, `probe-${target}`);
        if (probePair === undefined) throw new Error('no probe pair');
        running.set(target, { server, pairs, probePair });
      }
      const series = new Map<string, number[]>();
      for (let rep = 0; rep < s.repetitions; rep++) {
        for (const size of PAYLOAD_SIZES) {
          const throughput: number[] = [];
          for (const target of rotate(TARGETS, rep)) {
            const run = running.get(target);
            if (run === undefined) continue;
            const result = await saturate(
              run.pairs,
              run.server.process.pid,
              size,
              s.window,
              s.timing,
            );
            record(series, `${target}/${size}/cpuUsPerRelay`, result.cpuMicrosPerRelay);
            record(series, `${target}/${size}/relaysPerSecond`, result.relaysPerSecond);
            record(series, `${target}/${size}/serverCpuShare`, result.serverCpuShare);
            throughput.push(result.relaysPerSecond);
            context.log(
              `relay ${size} ${target}: ${result.cpuMicrosPerRelay.toFixed(1)} µs/relay, ${result.relaysPerSecond.toFixed(0)} relays/s`,
            );
          }
          // Every server sees the same offered load: half of the slowest one's saturation rate.
          const rate = Math.min(...throughput) / 2;
          for (const target of rotate(TARGETS, rep)) {
            const run = running.get(target);
            if (run === undefined) continue;
            const rtts = await probe(run.probePair, run.pairs, size, rate, s.probeMs);
            record(series, `${target}/${size}/probeP50Us`, quantile(rtts, 0.5));
            record(series, `${target}/${size}/probeP99Us`, quantile(rtts, 0.99));
            record(series, `${target}/${size}/probeLoad`, rate);
          }
        }
      }
      return result(context, startedAt, s, series);
    } finally {
      for (const run of running.values()) {
        closePairs([...run.pairs, run.probePair]);
        await run.server.process.stop();
      }
      pinSelf(null);
    }
  },
};

const METRICS = [
  'cpuUsPerRelay',
  'relaysPerSecond',
  'serverCpuShare',
  'probeP50Us',
  'probeP99Us',
  'probeLoad',
];

function result(
  context: BenchContext,
  startedAt: Date,
  s: ReturnType<typeof settings>,
  series: Map<string, number[]>,
): BenchResult {
  const cells: Cell[] = [];
  for (const size of PAYLOAD_SIZES)
    for (const target of TARGETS) {
      const metrics = Object.fromEntries(
        METRICS.map((m) => [
          m,
          roundSummary(summarize(series.get(`${target}/${size}/${m}`) ?? [])),
        ]),
      );
      cells.push({ target, case: size, metrics });
    }
  const goals: Goal[] = [];
  for (const size of PAYLOAD_SIZES) {
    const cpu = new Map(TARGETS.map((t) => [t, series.get(`${t}/${size}/cpuUsPerRelay`) ?? []]));
    goals.push(
      ratioGoal(
        `relay cost ${size} ≤ 0.85× PeerJS`,
        pairedRatio(cpu, 'confab', 'peerjs'),
        0.85,
        'server CPU µs per relayed message',
      ),
      ratioGoal(
        `relay cost ${size} ≤ 1.15× bare-ws floor`,
        pairedRatio(cpu, 'confab', 'ws'),
        1.15,
        'server CPU µs per relayed message',
      ),
    );
  }
  return {
    name: 'relay',
    title: 'Relay cost',
    mode: context.quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    environment: environment(),
    method: [
      `${String(s.pairs)} pairs per server, each keeping ${String(s.window)} signals in flight (A→B, B→A on receipt); ${String(s.timing.measureMs)} ms measured after ${String(s.timing.warmupMs)} ms warm-up, ${String(s.repetitions)} repetitions, servers in rotating round-robin order.`,
      'Server pinned to core 0 with taskset, load generator (one Node process) to core 1; server CPU is utime+stime from /proc/<pid>/stat over the measured window, divided by the messages delivered.',
      "Probe: one extra pair does back-to-back 2-hop round trips while the other pairs send a paced load of half the slowest server's saturation rate (same offered load for every server).",
      'Payloads are valid protocol v1 signal data (an ICE candidate, ~200 B on the wire; an SDP offer/answer, ~3 KB). confab runs with its per-connection rate limit raised (the bucket is still checked per frame).',
      'Ratios are confab ÷ peer per repetition, median over repetitions.',
    ],
    columns: [
      { metric: 'cpuUsPerRelay', label: 'server CPU µs/relay' },
      { metric: 'relaysPerSecond', label: 'relays/s' },
      { metric: 'serverCpuShare', label: 'server CPU share' },
      { metric: 'probeP50Us', label: 'probe RTT p50 µs' },
      { metric: 'probeP99Us', label: 'probe RTT p99 µs' },
    ],
    cells,
    goals,
  };
}
