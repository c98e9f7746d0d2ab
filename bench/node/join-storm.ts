// Benchmark 3, join storm: 200 rooms × 8 members connect and join at the same moment.
// Figure: p99 time until every member has its complete peer list (7 room mates).
import type { BenchContext, Benchmark } from '../lib/context.js';
import { rotate } from '../lib/context.js';
import { cpuSeconds } from '../lib/proc.js';
import { pinSelf, sleep } from '../lib/processes.js';
import { pairedRatio, record } from '../lib/ratios.js';
import { environment, type BenchResult, type Cell } from '../lib/results.js';
import { quantile, roundSummary, summarize } from '../lib/stats.js';
import { startTarget, TARGETS, type RunningTarget, type TargetName } from '../servers/targets.js';
import { joinMember, type Member } from './members.js';
import { seats } from './crowd.js';

function settings(quick: boolean) {
  return quick
    ? { rooms: 10, perRoom: 8, repetitions: 1, timeoutMs: 10_000 }
    : { rooms: 200, perRoom: 8, repetitions: 5, timeoutMs: 30_000 };
}

interface StormResult {
  readonly completeMs: number[];
  readonly incomplete: number;
  readonly serverCpuSeconds: number;
}

async function storm(
  target: RunningTarget,
  tag: string,
  s: ReturnType<typeof settings>,
): Promise<StormResult> {
  const all = seats({ rooms: s.rooms, perRoom: s.perRoom, tag });
  const cpuBefore = cpuSeconds(target.process.pid);
  const startedAt = performance.now();
  const completeMs: number[] = [];
  const members: Member[] = [];
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const onComplete = (): void => {
    completeMs.push(performance.now() - startedAt);
    if (completeMs.length === all.length) finished();
  };
  // Everyone at once: no await between joins.
  const joins = all.map(async (seat) => {
    const member = await joinMember(target.name, { port: target.port, ...seat });
    members.push(member);
    let done = false;
    const check = (): void => {
      if (!done && member.known.size >= s.perRoom - 1) {
        done = true;
        onComplete();
      }
    };
    member.onKnown = check;
    check();
  });
  await Promise.race([Promise.all(joins).then(() => allDone), sleep(s.timeoutMs)]);
  const serverCpuSeconds = cpuSeconds(target.process.pid) - cpuBefore;
  for (const member of members) member.close();
  await sleep(500);
  return { completeMs, incomplete: all.length - completeMs.length, serverCpuSeconds };
}

/** A figure the issue asks for without a goal: shown in the goals table, never judged. */
function reported(goal: string, ratio: number) {
  return {
    goal,
    achieved: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'not measured',
    met: null,
  };
}

export const joinStormBenchmark: Benchmark = {
  name: 'join-storm',
  title: 'Join storm',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    const series = new Map<string, number[]>();
    const servers = new Map<TargetName, RunningTarget>();
    pinSelf(1);
    try {
      for (const target of TARGETS) servers.set(target, await startTarget(target, { core: 0 }));
      for (let rep = 0; rep < s.repetitions; rep++)
        for (const target of rotate(TARGETS, rep)) {
          const server = servers.get(target);
          if (server === undefined) continue;
          const result = await storm(server, `storm${String(rep)}`, s);
          const p99 =
            result.incomplete > 0 ? Number.POSITIVE_INFINITY : quantile(result.completeMs, 0.99);
          record(series, `${target}/p99`, p99);
          record(series, `${target}/p50`, quantile(result.completeMs, 0.5));
          record(series, `${target}/incomplete`, result.incomplete);
          record(series, `${target}/cpu`, result.serverCpuSeconds * 1000);
          context.log(
            `storm ${target}: p50 ${quantile(result.completeMs, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, incomplete ${String(result.incomplete)}`,
          );
        }
    } finally {
      for (const server of servers.values()) await server.process.stop();
      pinSelf(null);
    }
    const metric = (target: string, m: string) =>
      roundSummary(summarize(series.get(`${target}/${m}`) ?? []));
    const cells: Cell[] = TARGETS.map((target) => ({
      target,
      case: `${String(s.rooms)} rooms × ${String(s.perRoom)}`,
      metrics: {
        p50: metric(target, 'p50'),
        p99: metric(target, 'p99'),
        incomplete: metric(target, 'incomplete'),
        serverCpuMs: metric(target, 'cpu'),
      },
    }));
    const p99 = new Map(TARGETS.map((t) => [t, series.get(`${t}/p99`) ?? []]));
    return {
      name: 'join-storm',
      title: 'Join storm',
      mode: context.quick ? 'quick' : 'full',
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      environment: environment(),
      method: [
        `${String(s.rooms)} rooms × ${String(s.perRoom)} members open their connections and join at the same moment (one Node load generator on core 1, server on core 0); time from the start until each member knows all ${String(s.perRoom - 1)} room mates.`,
        'confab, socket.io and the bare ws relay have rooms (join reply + joined notices). PeerJS has none: each client announces itself to its 7 room mates through the relay after OPEN (the server queues messages for ids not connected yet).',
        `${String(s.repetitions)} repetitions in rotating round-robin order; p99 per storm, median over storms; an incomplete storm (timeout ${String(s.timeoutMs / 1000)} s) counts as infinite.`,
      ],
      columns: [
        { metric: 'p50', label: 'p50 ms' },
        { metric: 'p99', label: 'p99 ms' },
        { metric: 'serverCpuMs', label: 'server CPU ms per storm' },
        { metric: 'incomplete', label: 'members incomplete' },
      ],
      cells,
      goals: [
        reported(
          'join storm p99, confab ÷ PeerJS (the issue sets no goal)',
          pairedRatio(p99, 'confab', 'peerjs'),
        ),
        reported('join storm p99, confab ÷ bare-ws floor', pairedRatio(p99, 'confab', 'ws')),
      ],
    };
  },
};
