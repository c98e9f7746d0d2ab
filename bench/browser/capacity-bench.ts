// Benchmark 6, mesh capacity on this machine: N = 6 and 8 participants with fake video join
// one after another; pairs connected within 20 s per join, join times and Chromium CPU.
// confab adapts each camera sender to the room size; the PeerJS page sends full quality.
import type { BenchContext, Benchmark } from '../lib/context.js';
import { rotate } from '../lib/context.js';
import { sleep } from '../lib/processes.js';
import { pairedRatio, record } from '../lib/ratios.js';
import { environment, type BenchResult, type Cell, type Goal } from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import { writeChart } from './chart.js';
import type { Arm } from './page/types.js';
import { runRoom } from './room.js';
import { withBrowserSetup } from './setup.js';

const ARMS: readonly Arm[] = ['confab', 'peerjs'];
/**
 * The capture of the research baseline in which a naive 8-person mesh connected only 15–21
 * of its 28 pairs on this kind of machine; confab's senders scale it down further.
 */
const CAPTURE = { width: 320, height: 240, fps: 15 };
const JOIN_BUDGET_MS = 20_000;

function settings(quick: boolean) {
  return quick
    ? { sizes: [3], repetitions: 1, steadyMs: 500 }
    : { sizes: [6, 8], repetitions: 1, steadyMs: 5000 };
}

export const capacityBenchmark: Benchmark = {
  name: 'browser-capacity',
  title: 'Mesh capacity with video',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    const series = new Map<string, number[]>();
    return withBrowserSetup(async (setup) => {
      let trial = 0;
      for (let rep = 0; rep < s.repetitions; rep++)
        for (const n of s.sizes)
          for (const arm of rotate(ARMS, rep)) {
            const cpuBefore = setup.chromiumCpuSeconds();
            const result = await runRoom(setup.browser, {
              arm,
              n,
              media: 'av',
              relayOnly: false,
              server: setup.servers[arm],
              room: `cap${String(trial++)}`,
              iceServers: () => [],
              joinBudgetMs: JOIN_BUDGET_MS,
              adaptVideo: true,
              video: CAPTURE,
              // Measure the meeting's steady-state load before everyone leaves.
              beforeLeave: async () => {
                const steadyFrom = setup.chromiumCpuSeconds();
                await sleep(s.steadyMs);
                record(
                  series,
                  `${arm}/${String(n)}/steadyCores`,
                  (setup.chromiumCpuSeconds() - steadyFrom) / (s.steadyMs / 1000),
                );
              },
            });
            const key = `${arm}/${String(n)}`;
            const joinTimes = result.joins.slice(1).map((j) => j.allConnectedMs ?? JOIN_BUDGET_MS);
            record(series, `${key}/pairs`, result.pairsConnected);
            record(series, `${key}/lastJoinMs`, joinTimes[joinTimes.length - 1] ?? Number.NaN);
            record(series, `${key}/maxJoinMs`, Math.max(...joinTimes));
            record(series, `${key}/cpuSeconds`, setup.chromiumCpuSeconds() - cpuBefore);
            context.log(
              `capacity N=${String(n)} ${arm}: ${String(result.pairsConnected)}/${String(result.pairsExpected)} pairs, last join ${String(Math.round(joinTimes.at(-1) ?? 0))} ms`,
            );
          }
      const cells: Cell[] = [];
      for (const n of s.sizes)
        for (const arm of ARMS) {
          const m = (name: string) =>
            roundSummary(summarize(series.get(`${arm}/${String(n)}/${name}`) ?? []));
          cells.push({
            target: arm,
            case: `N=${String(n)} (${String((n * (n - 1)) / 2)} pairs)`,
            metrics: {
              pairs: m('pairs'),
              lastJoinMs: m('lastJoinMs'),
              maxJoinMs: m('maxJoinMs'),
              cpuSeconds: m('cpuSeconds'),
              steadyCores: m('steadyCores'),
            },
          });
        }
      const chart = writeChart(
        context.outDir,
        'browser-capacity',
        'Mesh capacity: join time of the last joiner (ms, median with p10–p90; 20 000 = gave up)',
        cells,
        [
          { metric: 'lastJoinMs', label: 'last join' },
          { metric: 'maxJoinMs', label: 'slowest join' },
        ],
      );
      return {
        name: 'browser-capacity',
        title: 'Mesh capacity with video',
        mode: context.quick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        environment: environment({ chromium: setup.browser.version }),
        method: [
          `N participants (one Chromium context each, all in one headless Chromium on this ${String(environment().cpus)}-core machine) join one after another with a fake ${String(CAPTURE.width)}×${String(CAPTURE.height)}@${String(CAPTURE.fps)} camera and microphone; each join gets ${String(JOIN_BUDGET_MS / 1000)} s to connect all its pairs, then the next one joins.`,
          "pairs = pairs connected at both ends after the last join; join = time until the joiner's pairs were all connected (20 000 ms when it gave up); CPU = all Chromium processes (utime+stime from /proc), whole trial; steady cores = Chromium CPU seconds per second over " +
            String(s.steadyMs / 1000) +
            ' s once everyone joined.',
          "Same page and Peer for both arms; confab's Call (its mesh) scales each camera sender's resolution, frame rate and bitrate to the room size (video-quality.ts); the PeerJS page sends the capture as it is (a naive mesh).",
          `${String(s.repetitions)} repetition(s) per cell, arms alternating.`,
        ],
        columns: [
          { metric: 'pairs', label: 'pairs connected' },
          { metric: 'lastJoinMs', label: 'last join ms' },
          { metric: 'maxJoinMs', label: 'slowest join ms' },
          { metric: 'cpuSeconds', label: 'Chromium CPU s' },
          { metric: 'steadyCores', label: 'steady Chromium cores' },
        ],
        cells,
        goals: capacityGoals(s.sizes, series),
        chart,
      };
    });
  },
};

function capacityGoals(sizes: readonly number[], series: Map<string, number[]>): Goal[] {
  const goals: Goal[] = [];
  if (sizes.includes(8)) {
    const pairs = series.get('confab/8/pairs') ?? [];
    const naive = series.get('peerjs/8/pairs') ?? [];
    goals.push({
      goal: 'N=8: all 28 pairs connected (2 cores)',
      achieved: `confab ${pairs.join(', ')} of 28 per run; naive PeerJS page ${naive.join(', ')}`,
      met: pairs.length > 0 ? pairs.every((p) => p >= 28) : null,
    });
  }
  if (sizes.includes(6)) {
    const last = series.get('confab/6/lastJoinMs') ?? [];
    const median = summarize(last).median;
    goals.push({
      goal: 'N=6: joins within 2 s',
      achieved: `last join median ${median.toFixed(0)} ms (${last.map((v) => v.toFixed(0)).join(', ')}); vs naive page ${pairedRatio(
        new Map([
          ['a', last],
          ['b', series.get('peerjs/6/lastJoinMs') ?? []],
        ]),
        'a',
        'b',
      ).toFixed(2)}×`,
      met: last.length > 0 ? median <= 2000 : null,
    });
  }
  return goals;
}
