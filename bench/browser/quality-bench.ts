// Benchmark: the video people receive in a mesh, as the tiles they show it in would want it.
// N = 2, 3, 4 with a 1280×720@30 fake camera; every page shows each remote tile at the
// height a 1280×720 grid of N tiles gives. Three arms on the same page and Peer:
// receiver-driven (the call is told each tile's size, as the web app does), size-table (the
// call is never told: the per-meeting-size table, confab before this change), and the naive
// PeerJS page (the capture as it is).
import type { BenchContext, Benchmark } from '../lib/context.js';
import { rotate } from '../lib/context.js';
import { sleep } from '../lib/processes.js';
import { record } from '../lib/ratios.js';
import { environment, type BenchResult, type Cell, type Goal } from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import { pageApi } from './chromium.js';
import type { Arm } from './page/types.js';
import { runRoom } from './room.js';
import { withBrowserSetup } from './setup.js';

type QualityArm = 'receiver-driven' | 'size-table' | 'peerjs';
const ARMS: readonly QualityArm[] = ['receiver-driven', 'size-table', 'peerjs'];
const CAPTURE = { width: 1280, height: 720, fps: 30 };
const VIEWPORT = { width: 1280, height: 720 };
const JOIN_BUDGET_MS = 20_000;

/** The height of each tile when N 16:9 tiles share the viewport in the web app's grid. */
export function gridTileHeight(n: number): number {
  let best = 0;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const height = Math.min(VIEWPORT.height / rows, ((VIEWPORT.width / cols) * 9) / 16);
    best = Math.max(best, height);
  }
  return Math.floor(best);
}

function settings(quick: boolean) {
  return quick
    ? { sizes: [2], repetitions: 1, settleMs: 4000, steadyMs: 1000 }
    : { sizes: [2, 3, 4], repetitions: 3, settleMs: 10_000, steadyMs: 5000 };
}

export const qualityBenchmark: Benchmark = {
  name: 'browser-quality',
  title: 'Received video against the tile it is shown in (mesh)',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    const series = new Map<string, number[]>();
    return withBrowserSetup(async (setup) => {
      let trial = 0;
      for (let rep = 0; rep < s.repetitions; rep++)
        for (const n of s.sizes)
          for (const arm of rotate(ARMS, rep)) {
            const pageArm: Arm = arm === 'peerjs' ? 'peerjs' : 'confab';
            const tile = gridTileHeight(n);
            const key = `${arm}/${String(n)}`;
            await runRoom(setup.browser, {
              arm: pageArm,
              n,
              media: 'av',
              relayOnly: false,
              server: setup.servers[pageArm],
              room: `q${String(trial++)}`,
              iceServers: () => [],
              joinBudgetMs: JOIN_BUDGET_MS,
              adaptVideo: true,
              ...(arm === 'receiver-driven' ? { tileHeight: tile } : {}),
              video: CAPTURE,
              beforeLeave: async (pages) => {
                // Senders settle (bandwidth estimates ramp, budgets apply), then measure.
                await sleep(s.settleMs);
                const cpuFrom = setup.chromiumCpuSeconds();
                await sleep(s.steadyMs);
                const cores = (setup.chromiumCpuSeconds() - cpuFrom) / (s.steadyMs / 1000);
                record(series, `${key}/coresPerParticipant`, cores / n);
                const videos = (await Promise.all(pages.map((p) => pageApi.received(p)))).flat();
                const wanted = Math.min(tile, 720);
                const ratios = videos.map((v) => v.frameHeight / wanted);
                const fps = videos.map((v) => v.framesPerSecond);
                record(series, `${key}/minHeightRatio`, Math.min(...ratios));
                record(
                  series,
                  `${key}/medianHeight`,
                  summarize(videos.map((v) => v.frameHeight)).median,
                );
                record(series, `${key}/minFps`, Math.min(...fps));
                record(series, `${key}/medianFps`, summarize(fps).median);
                context.log(
                  `quality N=${String(n)} ${arm}: tile ${String(tile)} px, heights ${videos.map((v) => v.frameHeight).join(',')}, fps ${fps.map((f) => f.toFixed(0)).join(',')}, ${cores.toFixed(2)} cores`,
                );
              },
            });
          }
      const cells: Cell[] = [];
      for (const n of s.sizes)
        for (const arm of ARMS) {
          const m = (name: string) =>
            roundSummary(summarize(series.get(`${arm}/${String(n)}/${name}`) ?? []));
          cells.push({
            target: arm,
            case: `N=${String(n)} (tile ${String(gridTileHeight(n))} px)`,
            metrics: {
              medianHeight: m('medianHeight'),
              minHeightRatio: m('minHeightRatio'),
              medianFps: m('medianFps'),
              minFps: m('minFps'),
              coresPerParticipant: m('coresPerParticipant'),
            },
          });
        }
      return {
        name: 'browser-quality',
        title: 'Received video against the tile it is shown in (mesh)',
        mode: context.quick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        environment: environment({ chromium: setup.browser.version }),
        method: [
          `N participants (one Chromium context each, one headless Chromium on this ${String(environment().cpus)}-core machine) join one after another with a fake ${String(CAPTURE.width)}×${String(CAPTURE.height)}@${String(CAPTURE.fps)} camera; each remote tile is taken to be as tall as a ${String(VIEWPORT.width)}×${String(VIEWPORT.height)} grid of N 16:9 tiles makes it.`,
          `After everyone joined: ${String(s.settleMs / 1000)} s to settle, then every page's inbound video (frameHeight, framesPerSecond from getStats) and Chromium's CPU over ${String(s.steadyMs / 1000)} s (all processes, divided by N).`,
          'receiver-driven: each call is told the tile size (setView, as the web app does) and each sender fits its copies to it; size-table: never told, so the per-meeting-size table applies (confab before receiver-driven quality); peerjs: the naive page, capture as it is.',
          'height ratio = received frame height ÷ the tile height (capped at 720); the worst video of the room is reported.',
        ],
        columns: [
          { metric: 'medianHeight', label: 'median received height' },
          { metric: 'minHeightRatio', label: 'worst height ÷ tile' },
          { metric: 'medianFps', label: 'median fps' },
          { metric: 'minFps', label: 'worst fps' },
          { metric: 'coresPerParticipant', label: 'Chromium cores per participant' },
        ],
        cells,
        goals: qualityGoals(s.sizes, series),
      };
    });
  },
};

function qualityGoals(sizes: readonly number[], series: Map<string, number[]>): Goal[] {
  const goals: Goal[] = [];
  const all = (metric: string) =>
    sizes.flatMap((n) => series.get(`receiver-driven/${String(n)}/${metric}`) ?? []);
  const ratios = all('minHeightRatio');
  const fps = all('minFps');
  goals.push({
    goal: 'mesh 2–4 people: every received video ≥ 90 % of its tile height (up to 720p)',
    achieved: `worst ratio per size: ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
    met: ratios.length > 0 ? ratios.every((r) => r >= 0.9) : null,
  });
  goals.push({
    goal: 'mesh 2–4 people: every received video ≥ 20 fps',
    achieved: `worst fps per size: ${fps.map((f) => f.toFixed(0)).join(', ')}`,
    met: fps.length > 0 ? fps.every((f) => f >= 20) : null,
  });
  if (sizes.includes(4)) {
    const ours = summarize(series.get('receiver-driven/4/coresPerParticipant') ?? []).median;
    const before = summarize(series.get('size-table/4/coresPerParticipant') ?? []).median;
    goals.push({
      goal: 'CPU per participant at 4 people no higher than the size table',
      achieved: `${ours.toFixed(2)} vs ${before.toFixed(2)} cores per participant`,
      met: Number.isFinite(ours) && Number.isFinite(before) ? ours <= before * 1.05 : null,
    });
  }
  return goals;
}
