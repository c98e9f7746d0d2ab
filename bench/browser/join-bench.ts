// Benchmark 5, join-to-connected: N = 2, 4, 6, 8 participants join one after another in
// headless Chromium; the last joiner's time until all its pairs are connected (and, with
// fake audio+video, until it decoded a frame from each). confab vs a PeerJS-signalled page
// that differs only in its signaling adapter; also relay-only through coturn.
import type { BenchContext, Benchmark } from '../lib/context.js';
import { rotate } from '../lib/context.js';
import { pairedRatio, record } from '../lib/ratios.js';
import { environment, ratioGoal, type BenchResult, type Cell, type Goal } from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import { writeChart } from './chart.js';
import { VIDEO } from './floor-bench.js';
import type { Arm, MediaKind } from './page/types.js';
import { runRoom } from './room.js';
import { withBrowserSetup } from './setup.js';

const ARMS: readonly Arm[] = ['confab', 'peerjs'];

interface JoinCase {
  readonly name: string;
  readonly n: number;
  readonly media: MediaKind;
  readonly relayOnly: boolean;
}

function cases(quick: boolean): JoinCase[] {
  const dc = (n: number): JoinCase => ({
    name: `data channel N=${String(n)}`,
    n,
    media: 'dc',
    relayOnly: false,
  });
  const av = (n: number): JoinCase => ({
    name: `audio+video N=${String(n)}`,
    n,
    media: 'av',
    relayOnly: false,
  });
  const relay = (n: number): JoinCase => ({
    name: `data channel relay-only N=${String(n)}`,
    n,
    media: 'dc',
    relayOnly: true,
  });
  return quick
    ? [dc(2), av(2), relay(2)]
    : [dc(2), dc(4), dc(6), dc(8), av(2), av(4), relay(2), relay(4)];
}

export const joinBenchmark: Benchmark = {
  name: 'browser-join',
  title: 'Join-to-connected in Chromium',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const repetitions = context.quick ? 1 : 6;
    const series = new Map<string, number[]>();
    return withBrowserSetup(async (setup) => {
      let trial = 0;
      for (let rep = 0; rep < repetitions; rep++)
        for (const c of cases(context.quick))
          for (const arm of rotate(ARMS, rep)) {
            const result = await runRoom(setup.browser, {
              arm,
              n: c.n,
              media: c.media,
              relayOnly: c.relayOnly,
              server: c.relayOnly ? setup.relayServers[arm] : setup.servers[arm],
              room: `join${String(trial++)}`,
              iceServers: (user) => (c.relayOnly ? setup.turn.iceServers(user) : []),
              joinBudgetMs: 20_000,
              adaptVideo: true,
              video: VIDEO,
            });
            const last = result.joins[result.joins.length - 1];
            const key = `${arm}/${c.name}`;
            record(series, `${key}/connectedMs`, last?.allConnectedMs ?? Number.POSITIVE_INFINITY);
            if (c.media === 'av')
              record(
                series,
                `${key}/firstFrameMs`,
                last?.allFirstFrameMs ?? Number.POSITIVE_INFINITY,
              );
            context.log(
              `join ${c.name} ${arm}: ${String(Math.round(last?.allConnectedMs ?? Number.NaN))} ms`,
            );
            if (result.errors.length > 0)
              context.log(`  errors: ${result.errors.slice(0, 3).join('; ')}`);
          }
      context.log('join: done');
      const cells: Cell[] = [];
      for (const c of cases(context.quick))
        for (const arm of ARMS) {
          const metrics: Record<string, ReturnType<typeof roundSummary>> = {
            connectedMs: roundSummary(summarize(series.get(`${arm}/${c.name}/connectedMs`) ?? [])),
          };
          const frames = series.get(`${arm}/${c.name}/firstFrameMs`);
          if (frames !== undefined) metrics['firstFrameMs'] = roundSummary(summarize(frames));
          cells.push({ target: arm, case: c.name, metrics });
        }
      const chart = writeChart(
        context.outDir,
        'browser-join',
        "Last joiner's join-to-connected (ms, median with p10–p90)",
        cells,
        [
          { metric: 'connectedMs', label: 'all connected' },
          { metric: 'firstFrameMs', label: 'all first frames' },
        ],
      );
      return {
        name: 'browser-join',
        title: 'Join-to-connected in Chromium',
        mode: context.quick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        environment: environment({ chromium: setup.browser.version }),
        method: [
          "One headless Chromium, one browser context per participant; participants join one after another, each once the previous ones are fully connected. Figures are the last joiner's.",
          't0 = the participant presses join (page loaded, camera ready); connected = time until every one of its RTCPeerConnections is `connected`; first frame = until it decoded a video frame from every other participant (getStats, 10 ms polling).',
          "Identical page for both arms: every connection is confab's Peer (same perfect negotiation, m-lines and media). confab: the client library's Call and server. PeerJS: a PeerJS 1.0.2 server through a ~40-line adapter; as PeerJS has no rooms, the driver tells the page who is there and the newcomer offers to each.",
          `Audio+video: fake 320×240@15 camera and microphone. Relay-only: iceTransportPolicy "relay" through coturn (confab hands out TURN credentials in its welcome; the PeerJS page gets the same kind from the driver). ${String(repetitions)} repetitions per cell, arms alternating.`,
          'Ratios are confab ÷ PeerJS per repetition, median over repetitions; "vs floor" divides confab\'s median by the browser-floor median of the same kind (data channel host / relay).',
        ],
        columns: [
          { metric: 'connectedMs', label: 'connected median ms' },
          { metric: 'connectedMs', label: 'connected p90 ms', stat: 'p90' },
          { metric: 'firstFrameMs', label: 'first frame median ms' },
          { metric: 'firstFrameMs', label: 'first frame p90 ms', stat: 'p90' },
        ],
        cells,
        goals: joinGoals(cases(context.quick), series),
        chart,
      };
    });
  },
};

function joinGoals(list: readonly JoinCase[], series: Map<string, number[]>): Goal[] {
  const goals: Goal[] = [];
  for (const c of list) {
    const byArm = new Map(
      ARMS.map((arm) => [arm, series.get(`${arm}/${c.name}/connectedMs`) ?? []]),
    );
    goals.push(
      ratioGoal(
        `${c.name}: join-to-connected median ≤ 0.8× PeerJS page`,
        pairedRatio(byArm, 'confab', 'peerjs'),
        0.8,
      ),
    );
  }
  return goals;
}
