// Benchmark: a click on "Join" in the real web app → the newcomer's first decoded video frame
// from every other participant, at 2 and 6 people (the others already in the meeting, each in
// its own Chromium context with a 320×240@15 Y4M camera). Issue 17, "Faster joins".
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { recordPeerConnections } from '../../e2e/support/peer-connections.js';
import { writeY4mCamera } from '../../e2e/support/y4m.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';
import { ConfabServer } from '../../src/server/index.js';
import type { BenchContext, Benchmark } from '../lib/context.js';
import { pinSelf } from '../lib/processes.js';
import {
  cellMedian,
  environment,
  readResult,
  ratioGoal,
  type BenchResult,
  type Goal,
} from '../lib/results.js';
import { roundSummary, summarize } from '../lib/stats.js';
import {
  awaitFirstFrames,
  connectedCountIs,
  prejoinSettled,
  readClickTimeline,
  recordClickTimeline,
  type ClickTimeline,
} from './click-timeline.js';

const NAME = 'browser-join-click';
const TITLE = 'Click on Join to first remote frames (web app)';
const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));
const COMMITTED = fileURLToPath(new URL('../results', import.meta.url));
const CAMERA = { width: 320, height: 240, fps: 15 } as const;
const FLOOR_CASE = 'audio+video 320×240, host';
const WAIT_MS = 30_000;
const FRAMES_BUDGET_MS = 15_000;
/** As sfu-participants.ts: tsx's keepNames wraps functions sent to the page in `__name`. */
const KEEP_NAMES = 'globalThis.__name = (fn) => fn;';

interface Trial {
  readonly n: number;
  /** Click → the last of the n − 1 first frames (∞: not all within the budget). */
  readonly firstFramesMs: number;
  /** Click → `join` sent, `welcome` received, first offer and first candidate sent. */
  readonly joinSentMs: number;
  readonly welcomeMs: number;
  readonly firstOfferMs: number;
  readonly firstCandidateMs: number;
  /** WebSockets the page opened before the click and after it. */
  readonly socketsBefore: number;
  readonly socketsAfter: number;
}

async function openRoomPage(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript({ content: KEEP_NAMES });
  await page.addInitScript(recordPeerConnections);
  await page.addInitScript(recordClickTimeline);
  await page.goto(url);
  return context;
}

const pageOf = (context: BrowserContext): Page => {
  const page = context.pages()[0];
  if (page === undefined) throw new Error('context has no page');
  return page;
};

async function enterName(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name', { exact: true }).fill(name);
  await page.waitForFunction(prejoinSettled, undefined, { timeout: WAIT_MS, polling: 50 });
}

async function pressJoin(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('button', { name: 'Leave', exact: true }).waitFor({ timeout: WAIT_MS });
}

/** Waits until each page has `each` connected peer connections. */
async function untilMeshed(pages: readonly Page[], each: number): Promise<void> {
  await Promise.all(
    pages.map((page) =>
      page.waitForFunction(connectedCountIs, each, { timeout: WAIT_MS, polling: 50 }),
    ),
  );
}

const since = (click: number, t: number | null): number =>
  t === null ? Number.POSITIVE_INFINITY : t - click;

async function measureNewcomer(browser: Browser, url: string, n: number): Promise<Trial> {
  const context = await openRoomPage(browser, url);
  try {
    const page = pageOf(context);
    await enterName(page, `newcomer`);
    const before = (await page.evaluate(readClickTimeline)).sockets.length;
    const frames = page.evaluate(awaitFirstFrames, {
      expected: n - 1,
      budgetMs: FRAMES_BUDGET_MS,
    });
    await pressJoin(page);
    await frames;
    const timeline: ClickTimeline = await page.evaluate(readClickTimeline);
    const click = timeline.click ?? Number.NaN;
    const framesDone = timeline.firstFrames.length >= n - 1;
    return {
      n,
      firstFramesMs: framesDone ? Math.max(...timeline.firstFrames) - click : Infinity,
      joinSentMs: since(click, timeline.joinSent),
      welcomeMs: since(click, timeline.welcome),
      firstOfferMs: since(click, timeline.firstOffer),
      firstCandidateMs: since(click, timeline.firstCandidate),
      socketsBefore: before,
      socketsAfter: timeline.sockets.length - before,
    };
  } finally {
    await context.close();
  }
}

/** A meeting of n − 1 people, then `reps` newcomers one after another (each leaves again). */
async function runSize(
  browser: Browser,
  server: ConfabServer,
  n: number,
  reps: number,
  context: BenchContext,
): Promise<Trial[]> {
  const url = `${server.url()}/r/click${String(n)}`;
  const others: BrowserContext[] = [];
  try {
    for (let i = 0; i < n - 1; i++) {
      const participant = await openRoomPage(browser, url);
      others.push(participant);
      const page = pageOf(participant);
      await enterName(page, `p${String(i + 1)}`);
      await pressJoin(page);
      await untilMeshed(others.map(pageOf), i);
    }
    const trials: Trial[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const trial = await measureNewcomer(browser, url, n);
      trials.push(trial);
      context.log(
        `join-click N=${String(n)}: ${trial.firstFramesMs.toFixed(0)} ms (welcome ${trial.welcomeMs.toFixed(0)}, offer ${trial.firstOfferMs.toFixed(0)})`,
      );
      // The newcomer left: the others are back to n − 2 connections each.
      await untilMeshed(others.map(pageOf), n - 2);
    }
    return trials;
  } finally {
    for (const participant of others) await participant.close();
  }
}

/** The floor's first-frame median: this run's floor result, else the committed one. */
function floorFirstFrameMs(outDir: string): number {
  for (const dir of [outDir, COMMITTED]) {
    const file = join(dir, 'browser-floor.json');
    if (!existsSync(file)) continue;
    const value = cellMedian(readResult(file).cells, 'floor', FLOOR_CASE, 'firstFrameMs');
    if (Number.isFinite(value)) return value;
  }
  return Number.NaN;
}

const median = (trials: readonly Trial[], pick: (t: Trial) => number) =>
  roundSummary(summarize(trials.map(pick)));

function goals(byN: Map<number, Trial[]>, floorMs: number): Goal[] {
  const two = summarize((byN.get(2) ?? []).map((t) => t.firstFramesMs)).median;
  const six = summarize((byN.get(6) ?? []).map((t) => t.firstFramesMs)).median;
  const shown = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'not measured');
  return [
    ratioGoal(
      '2 people: click → first remote frame median ≤ 1.5× the browser floor',
      two / floorMs,
      1.5,
      `${shown(two)} vs floor first frame ${shown(floorMs)}`,
    ),
    {
      goal: '6 people: click → first frame from all 5 others, median ≤ 1000 ms',
      achieved: shown(six),
      met: Number.isFinite(six) ? six <= 1000 : null,
    },
  ];
}

export const clickJoinBenchmark: Benchmark = {
  name: NAME,
  title: TITLE,
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const reps = context.quick ? 1 : 6;
    const sizes = context.quick ? [2] : [2, 6];
    pinSelf(null);
    const camera = await writeY4mCamera(CAMERA.width, CAMERA.height, CAMERA.fps);
    const server = new ConfabServer(
      { host: '127.0.0.1', port: 0, staticDir: WEB_DIR },
      { logger: pino({ level: 'silent' }) },
    );
    await server.listen();
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      // Loopback ICE: the benchmark may run in a namespace that has only `lo`.
      args: [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection', camera.flag],
    });
    const byN = new Map<number, Trial[]>();
    try {
      for (const n of sizes) byN.set(n, await runSize(browser, server, n, reps, context));
    } finally {
      await browser.close();
      await server.close();
      await camera.remove();
    }
    const floorMs = floorFirstFrameMs(context.outDir);
    return {
      name: NAME,
      title: TITLE,
      mode: context.quick ? 'quick' : 'full',
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      environment: environment({ chromium: browser.version() }),
      method: [
        'The real web app (dist/web) on an in-process confab server; headless Chromium, one context per person, camera a 320×240@15 Y4M file (the floor’s size and rate).',
        `N − 1 people join through the pre-join page ("Your name", "Join") and connect; then ${String(reps)} newcomers in turn open the room link, type a name, wait until the page has settled (preview playing, WebRTC warm-up done, its WebSockets open) and press Join; each leaves before the next.`,
        't0 = the Join click (submit event, in the page); first frames = until every one of its N − 1 connections decoded a video frame (getStats framesDecoded, 10 ms polling). Also timed: `join` sent, `welcome` received, first offer and first candidate sent (WebSocket frames seen in the page; "received" is when the page’s code got it, so main-thread work still running from the click, such as building the meeting view, shows there).',
        `Goals: N = 2 within 1.5× the browser-floor first-frame median (two connections in one page, same camera size; ${Number.isFinite(floorMs) ? `${floorMs.toFixed(0)} ms` : 'not found'}); N = 6 within 1 s.`,
      ],
      columns: [
        { metric: 'firstFramesMs', label: 'first frames median ms' },
        { metric: 'firstFramesMs', label: 'first frames p90 ms', stat: 'p90' },
        { metric: 'welcomeMs', label: 'welcome median ms' },
        { metric: 'firstOfferMs', label: 'first offer median ms' },
        { metric: 'socketsAfterClick', label: 'sockets opened after the click' },
      ],
      cells: sizes.map((n) => {
        const trials = byN.get(n) ?? [];
        return {
          target: 'confab',
          case: `N=${String(n)}`,
          metrics: {
            firstFramesMs: median(trials, (t) => t.firstFramesMs),
            joinSentMs: median(trials, (t) => t.joinSentMs),
            welcomeMs: median(trials, (t) => t.welcomeMs),
            firstOfferMs: median(trials, (t) => t.firstOfferMs),
            firstCandidateMs: median(trials, (t) => t.firstCandidateMs),
            socketsBeforeClick: median(trials, (t) => t.socketsBefore),
            socketsAfterClick: median(trials, (t) => t.socketsAfter),
          },
        };
      }),
      goals: goals(byN, floorMs),
      details: {
        floorFirstFrameMs: floorMs,
        // The machine is shared: its 1-minute load average before and after the run.
        loadAverage: { before: loadBefore, after: loadavg()[0] ?? Number.NaN },
        trials: [...byN.values()].flat(),
      },
    };
  },
};
