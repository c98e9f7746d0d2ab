// Benchmark 2, idle memory: 2,000 and 10,000 connections, each joined to a two-member room
// (confab, socket.io, bare ws) or registered (PeerJS). Figure: server RSS per connection.
import type { BenchContext, Benchmark } from '../lib/context.js';
import { rotate } from '../lib/context.js';
import { rssBytes } from '../lib/proc.js';
import { pinSelf, sleep } from '../lib/processes.js';
import { pairedRatio, record } from '../lib/ratios.js';
import { environment, ratioGoal, type BenchResult, type Cell, type Goal } from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import { startTarget, TARGETS } from '../servers/targets.js';
import { joinAll, seats } from './crowd.js';

/**
 * Per repetition: (RSS growth at the larger count − at the smaller) ÷ (difference in
 * connections): what one more connection costs, without the one-off growth of the heap.
 */
function marginalCost(
  counts: readonly number[],
  series: Map<string, number[]>,
): Map<string, number[]> | null {
  const [small, large] = counts;
  if (small === undefined || large === undefined) return null;
  const out = new Map<string, number[]>();
  for (const target of TARGETS) {
    const a = series.get(`${target}/${String(small)}`) ?? [];
    const b = series.get(`${target}/${String(large)}`) ?? [];
    out.set(
      target,
      a.map((kibSmall, i) => ((b[i] ?? Number.NaN) * large - kibSmall * small) / (large - small)),
    );
  }
  return out;
}

function settings(quick: boolean) {
  return quick
    ? { counts: [200], repetitions: 1, settleMs: 300, concurrency: 50 }
    : { counts: [2000, 10_000], repetitions: 2, settleMs: 3000, concurrency: 100 };
}

export const memoryBenchmark: Benchmark = {
  name: 'memory',
  title: 'Idle memory per connection',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    const series = new Map<string, number[]>();
    pinSelf(1);
    try {
      for (let rep = 0; rep < s.repetitions; rep++)
        for (const count of s.counts)
          for (const target of rotate(TARGETS, rep)) {
            // A fresh server each time, so the baseline is an idle process.
            const server = await startTarget(target, { core: 0 });
            try {
              // Warm-up: the first joins load and compile code paths (schemas, loggers) once
              // per process; that is not a per-connection cost.
              const warm = await joinAll(
                target,
                server.port,
                seats({ rooms: 50, perRoom: 2, tag: `warm${String(rep)}` }),
                20,
              );
              for (const member of warm) member.close();
              await sleep(s.settleMs / 2);
              const before = rssBytes(server.process.pid);
              const layout = { rooms: count / 2, perRoom: 2, tag: `mem${String(rep)}` };
              const members = await joinAll(target, server.port, seats(layout), s.concurrency);
              await sleep(s.settleMs);
              const kib = (rssBytes(server.process.pid) - before) / count / 1024;
              record(series, `${target}/${String(count)}`, kib);
              context.log(`memory ${String(count)} ${target}: ${kib.toFixed(1)} KiB/connection`);
              for (const member of members) member.close();
            } finally {
              await server.process.stop();
            }
          }
    } finally {
      pinSelf(null);
    }
    const cells: Cell[] = [];
    const goals: Goal[] = [];
    for (const count of s.counts) {
      const key = (target: string) => `${target}/${String(count)}`;
      for (const target of TARGETS)
        cells.push({
          target,
          case: `${String(count)} connections`,
          metrics: { kibPerConnection: roundSummary(summarize(series.get(key(target)) ?? [])) },
        });
      const byTarget = new Map(TARGETS.map((t) => [t, series.get(key(t)) ?? []]));
      goals.push(
        ratioGoal(
          `memory per connection at ${String(count)} ≤ 1.0× PeerJS`,
          pairedRatio(byTarget, 'confab', 'peerjs'),
          1.0,
          'server RSS growth ÷ connections',
        ),
      );
    }
    const marginal = marginalCost(s.counts, series);
    if (marginal !== null) {
      for (const target of TARGETS)
        cells.push({
          target,
          case: `marginal, ${String(s.counts[0])} → ${String(s.counts[1])}`,
          metrics: { kibPerConnection: roundSummary(summarize(marginal.get(target) ?? [])) },
        });
      goals.push({
        goal: "marginal memory per connection vs PeerJS (extra figure, not the issue's goal)",
        achieved: `${pairedRatio(marginal, 'confab', 'peerjs').toFixed(2)}×: the RSS growth between the two counts, which leaves out one-off heap growth`,
        met: null,
      });
    }
    return {
      name: 'memory',
      title: 'Idle memory per connection',
      mode: context.quick ? 'quick' : 'full',
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      environment: environment(),
      method: [
        `A fresh server per trial (pinned to core 0), warmed up by 100 members joining and leaving; RSS (VmRSS) read ${String(s.settleMs / 2)} ms later, then again ${String(s.settleMs)} ms after the last of N members joined; (after − before) / N.`,
        'Members join two-member rooms (confab, socket.io, bare ws); PeerJS has no rooms, so its clients only register. Joins run ' +
          String(s.concurrency) +
          ' at a time from the load generator on core 1.',
        `${String(s.repetitions)} repetitions in rotating round-robin order; ratio = confab ÷ PeerJS per repetition, median over repetitions.`,
      ],
      columns: [{ metric: 'kibPerConnection', label: 'server RSS KiB per connection' }],
      cells,
      goals,
    };
  },
};
