// Benchmark: a mesh meeting on a bad network, as the people in it feel it. N = 2 and 4 with
// a 640×360@20 fake camera; one participant (the first to join) gets a lossy or narrow
// uplink from nftables: random drop of 2, 5, 15 % of its UDP packets, or its uplink policed
// to 1 Mbit/s and 500 kbit/s. Every other participant's getStats tells what arrives from it.
// Arms side by side: confab (the Call, receiver-driven quality) and the naive PeerJS page.
import type { Page } from 'playwright-core';
import type { BenchContext, Benchmark } from '../lib/context.js';
import { sleep } from '../lib/processes.js';
import { record } from '../lib/ratios.js';
import { environment, type BenchResult, type Cell } from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import { pageApi } from './chromium.js';
import {
  clearImpairment,
  describe,
  impair,
  impairmentCounters,
  nftProblem,
  type Impairment,
} from './impairment.js';
import { networkGoals, type CaseKey } from './network-goals.js';
import {
  awaitRecovery,
  measureWindow,
  sendingPorts,
  type StreamFigures,
} from './network-measure.js';
import type { Arm } from './page/types.js';
import { gridTileHeight } from './quality-bench.js';
import { runRoom } from './room.js';
import { withBrowserSetup } from './setup.js';

const ARMS: readonly Arm[] = ['confab', 'peerjs'];
const CAPTURE = { width: 640, height: 360, fps: 20 };
const JOIN_BUDGET_MS = 20_000;
/** The picture is back once every stream decodes this share of its clean frame rate. */
const RECOVERED_SHARE = 0.8;
const LOSSY = 0;

const FULL_CASES: readonly Impairment[] = [
  { kind: 'clean' },
  { kind: 'loss', percent: 2 },
  { kind: 'loss', percent: 5 },
  { kind: 'loss', percent: 15 },
  { kind: 'police', kbitPerSecond: 1000 },
  { kind: 'police', kbitPerSecond: 500 },
];

function settings(quick: boolean) {
  return quick
    ? {
        sizes: [2],
        cases: FULL_CASES.slice(0, 1).concat([{ kind: 'loss', percent: 5 }]),
        settleMs: 3000,
        windowMs: 3000,
        recoveryCapMs: 4000,
      }
    : { sizes: [2, 4], cases: FULL_CASES, settleMs: 6000, windowMs: 20_000, recoveryCapMs: 10_000 };
}

const METRICS = [
  ['freezesPerMinute', 'freezes per min (worst stream)'],
  ['freezeSecondsPerMinute', 'freeze s per min (worst)'],
  ['fps', 'fps (worst)'],
  ['frameHeight', 'height (worst)'],
  ['concealedRatio', 'concealed audio (worst)'],
  ['audioDropoutSeconds', 'audio gap seconds (worst)'],
  ['recoverySeconds', 'recovery s'],
  ['videoPacketLoss', 'video packets lost (worst)'],
  ['droppedShare', 'share of its UDP packets nft dropped'],
] as const;

/** The figure of the stream that fared worst (most freezes, fewest frames, most concealment). */
function worst(figures: readonly StreamFigures[], metric: keyof StreamFigures): number {
  const values = figures.map((f) => f[metric]).filter((v) => Number.isFinite(v));
  if (values.length === 0) return Number.NaN;
  return metric === 'fps' || metric === 'frameHeight' ? Math.min(...values) : Math.max(...values);
}

export const networkBenchmark: Benchmark = {
  name: 'browser-network',
  title: 'A mesh meeting on a lossy or narrow uplink (nftables)',
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const s = settings(context.quick);
    const problem = nftProblem();
    if (problem !== null) throw new Error(`browser-network needs nftables (root): ${problem}`);
    const series = new Map<string, number[]>();
    const details: Record<string, unknown> = {};
    process.on('exit', clearImpairment);
    return withBrowserSetup(async (setup) => {
      let trial = 0;
      for (const n of s.sizes)
        for (const arm of ARMS) {
          const result = await runRoom(setup.browser, {
            arm,
            n,
            media: 'av',
            relayOnly: false,
            server: setup.servers[arm],
            room: `net${String(trial++)}`,
            iceServers: () => [],
            joinBudgetMs: JOIN_BUDGET_MS,
            adaptVideo: true,
            ...(arm === 'confab' ? { tileHeight: gridTileHeight(n) } : {}),
            video: CAPTURE,
            beforeLeave: async (pages) => {
              await runCases(pages, {
                arm,
                n,
                s,
                series,
                details,
                log: (m) => {
                  context.log(m);
                },
              });
            },
          });
          if (result.errors.length > 0)
            context.log(`${arm} N=${String(n)}: ${result.errors.join('; ')}`);
        }
      const cells: Cell[] = [];
      for (const n of s.sizes)
        for (const impairment of s.cases)
          for (const arm of ARMS) {
            const key = caseKey(arm, n, impairment);
            const metrics: Record<string, ReturnType<typeof roundSummary>> = {};
            for (const [metric] of METRICS)
              metrics[metric] = roundSummary(summarize(series.get(`${key}/${metric}`) ?? []));
            cells.push({ target: arm, case: `N=${String(n)} · ${describe(impairment)}`, metrics });
          }
      return {
        name: 'browser-network',
        title: 'A mesh meeting on a lossy or narrow uplink (nftables)',
        mode: context.quick ? 'quick' : 'full',
        startedAt: startedAt.toISOString(),
        seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        environment: environment({ chromium: setup.browser.version }),
        method: method(s),
        columns: METRICS.map(([metric, label]) => ({ metric, label })),
        cells,
        goals: networkGoals(
          s.sizes,
          (key: CaseKey, metric: string) =>
            series.get(`${caseKey(key.arm, key.n, key.impairment)}/${metric}`)?.[0] ?? Number.NaN,
        ),
        details,
      };
    });
  },
};

function caseKey(arm: Arm, n: number, impairment: Impairment): string {
  return `${arm}/${String(n)}/${describe(impairment)}`;
}

interface CaseRun {
  readonly arm: Arm;
  readonly n: number;
  readonly s: ReturnType<typeof settings>;
  readonly series: Map<string, number[]>;
  readonly details: Record<string, unknown>;
  log(message: string): void;
}

/** Every case in one meeting: clean first (the reference), then each impairment and its end. */
async function runCases(pages: readonly Page[], run: CaseRun): Promise<void> {
  const { s } = run;
  await sleep(s.settleMs);
  await Promise.all(pages.map((p) => pageApi.listen(p)));
  const lossy = pages[LOSSY];
  if (lossy === undefined) throw new Error('no participant to impair');
  const ports = await sendingPorts(lossy);
  if (ports.length !== run.n - 1)
    throw new Error(
      `impaired participant has ${String(ports.length)} UDP pairs, not ${String(run.n - 1)}`,
    );
  const cleanFps = new Map<string, number>();
  for (const impairment of s.cases) {
    const key = caseKey(run.arm, run.n, impairment);
    impair(impairment, ports);
    let figures: Map<string, StreamFigures>;
    let nft: ReturnType<typeof impairmentCounters>;
    try {
      figures = await measureWindow(pages, ports, s.windowMs);
      nft = impairmentCounters();
    } finally {
      clearImpairment();
    }
    const droppedShare = nft === null || nft.sent === 0 ? 0 : nft.dropped / nft.sent;
    if (impairment.kind === 'clean') for (const [k, f] of figures) cleanFps.set(k, f.fps);
    const recoveryMs =
      impairment.kind === 'clean'
        ? null
        : await awaitRecovery(pages, ports, cleanFps, RECOVERED_SHARE, s.recoveryCapMs);
    const all = [...figures.values()];
    for (const [metric] of METRICS)
      if (metric !== 'recoverySeconds' && metric !== 'droppedShare')
        record(run.series, `${key}/${metric}`, worst(all, metric));
    if (impairment.kind !== 'clean')
      record(
        run.series,
        `${key}/recoverySeconds`,
        recoveryMs === null ? Number.NaN : recoveryMs / 1000,
      );
    record(run.series, `${key}/droppedShare`, droppedShare);
    run.details[key] = { streams: Object.fromEntries(figures), recoveryMs, nft };
    const after = await sendingPorts(lossy);
    if (after.join() !== ports.join())
      run.log(`${key}: ports moved ${ports.join()} → ${after.join()}`);
    run.log(
      `${key}: freeze ${worst(all, 'freezeSecondsPerMinute').toFixed(2)} s/min, fps ${worst(all, 'fps').toFixed(1)}, height ${String(worst(all, 'frameHeight'))}, concealed ${(worst(all, 'concealedRatio') * 100).toFixed(1)} %, gaps ${String(worst(all, 'audioDropoutSeconds'))} s, nft ${JSON.stringify(nft)}, packets lost video ${(worst(all, 'videoPacketLoss') * 100).toFixed(1)} % audio ${(worst(all, 'audioPacketLoss') * 100).toFixed(1)} %, recovery ${recoveryMs === null ? '-' : `${String(recoveryMs)} ms`}`,
    );
  }
}

function method(s: ReturnType<typeof settings>): string[] {
  return [
    `N participants (one Chromium context each, one headless Chromium on this ${String(environment().cpus)}-core machine, all on 127.0.0.1 in the bench's private network namespace) join one after another with a fake ${String(CAPTURE.width)}×${String(CAPTURE.height)}@${String(CAPTURE.fps)} camera and microphone; confab's call is told each tile's size (receiver-driven quality), PeerJS sends the capture as it is.`,
    `The first participant is the impaired one: an nftables rule on the UDP ports its connections send from (read from its selected candidate pairs) drops a random share of its packets (numgen random) or polices everything it sends to a rate (limit rate over, one policer for all its copies: its uplink). Only its uplink is impaired; what the others send is not.`,
    `After ${String(s.settleMs / 1000)} s to settle, each case runs ${String(s.windowMs / 1000)} s in the same meeting (clean first, then each impairment), sampled every second on every other participant's connection to it (getStats inbound-rtp): freezeCount and totalFreezesDuration per minute, decoded frames per second, frameHeight (median of the samples), concealedSamples ÷ totalSamplesReceived (remote audio is played out).`,
    `Each column shows the stream that fared worst. An audio gap second is a second in which at least half of the played-out audio was concealment.`,
    `Caveat: everyone is on loopback (round trip < 1 ms, and nftables cannot add delay), so NACK retransmissions and Opus FEC repair almost every lost packet before it is due; on a real link with tens of ms of round trip the same loss costs more. The policer lets a 1 s burst through (nft's default bucket for a per-second byte rate).`,
    `Recovery: after the rule is removed, time until every stream decodes ≥ ${String(RECOVERED_SHARE * 100)} % of its clean frame rate over a trailing 0.5–1 s window (so 0.5 s is the floor); not measured (empty) when not within ${String(s.recoveryCapMs / 1000)} s.`,
  ];
}
