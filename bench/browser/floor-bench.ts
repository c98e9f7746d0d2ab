// Benchmark 4, browser floor: two peer connections in one page, SDP handed over directly;
// host candidates and relay-only through coturn. The lower bound for every join figure.
import type { BenchContext, Benchmark } from '../lib/context.js';
import { environment, type BenchResult, type Cell } from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import { pageApi } from './chromium.js';
import type { MediaKind } from './page/types.js';
import { withBrowserSetup } from './setup.js';
import { writeChart } from './chart.js';

export const VIDEO = { width: 320, height: 240, fps: 15 };

function settings(quick: boolean) {
  return quick ? { warmups: 1, runs: 2 } : { warmups: 2, runs: 20 };
}

export const FLOOR_CASES: readonly { media: MediaKind; relayOnly: boolean; name: string }[] = [
  { media: 'dc', relayOnly: false, name: 'data channel, host' },
  { media: 'av', relayOnly: false, name: 'audio+video 320×240, host' },
  { media: 'dc', relayOnly: true, name: 'data channel, relay only (coturn)' },
  { media: 'av', relayOnly: true, name: 'audio+video 320×240, relay only (coturn)' },
];

export const floorBenchmark: Benchmark = {
  name: 'browser-floor',
  title: 'Browser floor',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    return withBrowserSetup(async (setup) => {
      const cells: Cell[] = [];
      for (const c of FLOOR_CASES) {
        const { context: ctx, page } = await setup.browser.openPage();
        try {
          await pageApi.prepare(page, { arm: 'floor', media: c.media, ...VIDEO });
          const connected: number[] = [];
          const frames: number[] = [];
          for (let i = 0; i < s.warmups + s.runs; i++) {
            const run = await pageApi.floor(page, {
              media: c.media,
              relayOnly: c.relayOnly,
              iceServers: c.relayOnly ? setup.turn.iceServers(`floor${String(i)}`) : [],
              ...VIDEO,
            });
            if (i < s.warmups) continue;
            connected.push(run.connectedMs);
            if (run.firstFrameMs !== null) frames.push(run.firstFrameMs);
          }
          context.log(
            `floor ${c.name}: connected p50 ${summarize(connected).median.toFixed(0)} ms`,
          );
          cells.push({
            target: 'floor',
            case: c.name,
            metrics: {
              connectedMs: roundSummary(summarize(connected)),
              ...(frames.length > 0 ? { firstFrameMs: roundSummary(summarize(frames)) } : {}),
            },
          });
        } finally {
          await ctx.close();
        }
      }
      const chart = writeChart(
        context.outDir,
        'browser-floor',
        'Browser floor: two peer connections in one page (ms, median with p10–p90)',
        cells,
        [
          { metric: 'connectedMs', label: 'connected' },
          { metric: 'firstFrameMs', label: 'first frame' },
        ],
      );
      return {
        name: 'browser-floor',
        title: 'Browser floor',
        mode: context.quick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        environment: environment({ chromium: setup.browser.version }),
        method: [
          'Two RTCPeerConnections in one headless Chromium page, with the m-lines of a confab Peer (audio, video, negotiated data channel); offer, answer and candidates handed over in the page, no server.',
          `t0 before creating the connections; connected = the offerer's connectionState; first frame = its first inbound video frame decoded (getStats polled every 10 ms). ${String(s.warmups)} warm-ups, then ${String(s.runs)} runs per case.`,
          'Relay only: iceTransportPolicy "relay" through Debian\'s coturn on 127.0.0.1 (UDP, TURN REST credentials).',
        ],
        columns: [
          { metric: 'connectedMs', label: 'connected p50 ms' },
          { metric: 'connectedMs', label: 'connected p90 ms', stat: 'p90' },
          { metric: 'firstFrameMs', label: 'first frame p50 ms' },
          { metric: 'firstFrameMs', label: 'first frame p90 ms', stat: 'p90' },
        ],
        cells,
        goals: [],
        chart,
      };
    });
  },
};
