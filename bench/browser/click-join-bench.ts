// Benchmark: a click on "Join" in the real web app → the newcomer's first decoded video frame
// from every other participant, at 2 and 6 people (the others already in the meeting, each in
// its own Chromium context with a 320×240@15 Y4M camera). Issue 17, "Faster joins". At 6 on the
// SFU also with the newcomer's browser on its own CPU (the others at a lower priority).
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { recordPeerConnections } from '../../e2e/support/peer-connections.js';
import { writeY4mCamera } from '../../e2e/support/y4m.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';
import { ConfabServer } from '../../src/server/index.js';
import type { BenchContext, Benchmark } from '../lib/context.js';
import { nicedExecutable } from '../lib/niced-executable.js';
import { pinSelf, sleep } from '../lib/processes.js';
import { environment, type BenchResult } from '../lib/results.js';
import {
  awaitFirstFrames,
  connectedCountIs,
  playingTilesAtLeast,
  prejoinSettled,
  remoteTilesAre,
  readClickTimeline,
  recordClickTimeline,
  type ClickTimeline,
} from './click-timeline.js';
import {
  cellOf,
  browserFloor,
  goals,
  keyOf,
  type Arm,
  type Case,
  type Trial,
} from './click-join-report.js';
import { KEEP_NAMES } from './sfu-participants.js';

const NAME = 'browser-join-click';
const TITLE = 'Click on Join to first remote frames (web app)';
const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));
const CAMERA = { width: 320, height: 240, fps: 15 } as const;
const WAIT_MS = 30_000;
const FRAMES_BUDGET_MS = 15_000;

/** The others' browser in an own-CPU case: below the newcomer's (and the servers'). */
const OTHERS_NICENESS = 10;

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

const joinButton = (page: Page) => page.getByRole('button', { name: 'Join', exact: true });

const meetingShown = (page: Page) =>
  page.getByRole('button', { name: 'Leave', exact: true }).waitFor({ timeout: WAIT_MS });

async function pressJoin(page: Page): Promise<void> {
  await joinButton(page).click();
  await meetingShown(page);
}

/** Waits until each page has `each` connected peer connections. */
async function untilMeshed(pages: readonly Page[], each: number): Promise<void> {
  await Promise.all(
    pages.map((page) =>
      page.waitForFunction(connectedCountIs, each, { timeout: WAIT_MS, polling: 50 }),
    ),
  );
}

/**
 * The meeting has settled with `others` other people on each page: on the mesh, that many
 * connections; on the SFU (one connection for everyone), that many tiles playing and, once
 * someone left, no more tiles than that.
 */
async function untilSettled(arm: Arm, pages: readonly Page[], others: number): Promise<void> {
  if (arm === 'mesh') {
    await untilMeshed(pages, others);
    return;
  }
  const options = { timeout: WAIT_MS, polling: 50 };
  await Promise.all(
    pages.map(async (page) => {
      await page.waitForFunction(playingTilesAtLeast, others, options);
      await page.waitForFunction(remoteTilesAre, others, options);
    }),
  );
}

const since = (click: number, t: number | null): number =>
  t === null ? Number.POSITIVE_INFINITY : t - click;

async function measureNewcomer(
  browser: Browser,
  url: string,
  { arm, n, ownCpu }: Case,
): Promise<Trial> {
  const context = await openRoomPage(browser, url);
  try {
    const page = pageOf(context);
    await enterName(page, `newcomer`);
    const before = (await page.evaluate(readClickTimeline)).sockets.length;
    const frames = page.evaluate(awaitFirstFrames, {
      expected: n - 1,
      budgetMs: FRAMES_BUDGET_MS,
    });
    // Only the click while measuring: waiting for "Leave" polls the page's accessibility
    // tree on its main thread, which is what the join itself needs then.
    await joinButton(page).click();
    await frames;
    await meetingShown(page);
    const timeline: ClickTimeline = await page.evaluate(readClickTimeline);
    const click = timeline.click ?? Number.NaN;
    const framesDone = timeline.firstFrames.length >= n - 1;
    return {
      arm,
      n,
      ownCpu,
      firstFramesMs: framesDone ? Math.max(...timeline.firstFrames) - click : Infinity,
      joinSentMs: since(click, timeline.joinSent),
      welcomeMs: since(click, timeline.welcome),
      firstOfferMs: since(click, timeline.firstOffer),
      firstCandidateMs: since(click, timeline.firstCandidate),
      offerReceivedMs: since(click, timeline.offerReceived),
      answerSentMs: since(click, timeline.answerSent),
      answerReceivedMs: since(click, timeline.answerReceived),
      remoteCandidateMs: since(click, timeline.remoteCandidate),
      connectedMs: since(click, timeline.connected),
      earliestFrameMs: since(
        click,
        timeline.firstFrames.length > 0 ? Math.min(...timeline.firstFrames) : null,
      ),
      socketsBefore: before,
      socketsAfter: timeline.sockets.length - before,
    };
  } finally {
    await context.close();
  }
}

/** Where the newcomers run, and where the people already in the meeting do. */
interface Browsers {
  readonly newcomer: Browser;
  readonly others: Browser;
}

/** A meeting of n − 1 people, then `reps` newcomers one after another (each leaves again). */
async function runCase(
  browsers: Browsers,
  server: ConfabServer,
  c: Case,
  reps: number,
  context: BenchContext,
): Promise<Trial[]> {
  const { arm, n } = c;
  const url = `${server.url()}/r/click-${arm}${String(n)}`;
  const others: BrowserContext[] = [];
  try {
    for (let i = 0; i < n - 1; i++) {
      const participant = await openRoomPage(browsers.others, url);
      others.push(participant);
      const page = pageOf(participant);
      await enterName(page, `p${String(i + 1)}`);
      await pressJoin(page);
      await untilSettled(arm, others.map(pageOf), i);
    }
    const trials: Trial[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const trial = await measureNewcomer(browsers.newcomer, url, c);
      trials.push(trial);
      context.log(
        `join-click ${keyOf(c)}: ${trial.firstFramesMs.toFixed(0)} ms (welcome ${trial.welcomeMs.toFixed(0)}, offer ${trial.firstOfferMs.toFixed(0)}, offer in ${trial.offerReceivedMs.toFixed(0)}, answer ${trial.answerSentMs.toFixed(0)}, answer in ${trial.answerReceivedMs.toFixed(0)}, remote candidate ${trial.remoteCandidateMs.toFixed(0)}, connected ${trial.connectedMs.toFixed(0)}, first frame ${trial.earliestFrameMs.toFixed(0)})`,
      );
      // The newcomer left: the others are back to n − 2 connections each.
      await untilSettled(arm, others.map(pageOf), n - 2);
    }
    return trials;
  } finally {
    for (const participant of others) await participant.close();
  }
}

/** A confab for one case; with an SFU, once its Janus is healthy (default policy: mesh up to 4). */
async function startServer(arm: Arm): Promise<ConfabServer> {
  const server = new ConfabServer(
    { host: '127.0.0.1', port: 0, staticDir: WEB_DIR, ...(arm === 'sfu' ? { withSfu: true } : {}) },
    { logger: pino({ level: 'silent' }) },
  );
  await server.listen();
  const deadline = Date.now() + WAIT_MS;
  while (arm === 'sfu' && server.sfu?.pool.healthyCount() !== 1) {
    if (Date.now() > deadline) throw new Error('the local Janus did not become healthy');
    await sleep(100);
  }
  return server;
}

export const clickJoinBenchmark: Benchmark = {
  name: NAME,
  title: TITLE,
  // Janus offers the machine's interface (not loopback), as in bench:sfu.
  hostNetwork: true,
  async run(context: BenchContext): Promise<BenchResult> {
    const startedAt = new Date();
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const reps = context.quick ? 1 : 6;
    const cases: Case[] = context.quick
      ? [{ arm: 'mesh', n: 2, ownCpu: false }]
      : [
          { arm: 'mesh', n: 2, ownCpu: false },
          { arm: 'mesh', n: 6, ownCpu: false },
          { arm: 'sfu', n: 6, ownCpu: false },
          { arm: 'sfu', n: 6, ownCpu: true },
        ];
    pinSelf(null);
    const camera = await writeY4mCamera(CAMERA.width, CAMERA.height, CAMERA.fps);
    const niced = await nicedExecutable(CHROMIUM_PATH, OTHERS_NICENESS);
    // Loopback ICE: the benchmark may run in a namespace that has only `lo`.
    const args = [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection', camera.flag];
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
    const lowered = cases.some((c) => c.ownCpu)
      ? await chromium.launch({ executablePath: niced.path, args })
      : null;
    const byCase = new Map<string, Trial[]>();
    try {
      for (const c of cases) {
        const others = c.ownCpu && lowered !== null ? lowered : browser;
        const server = await startServer(c.arm);
        try {
          byCase.set(
            keyOf(c),
            await runCase({ newcomer: browser, others }, server, c, reps, context),
          );
        } finally {
          await server.close();
        }
      }
    } finally {
      await lowered?.close();
      await browser.close();
      await niced.remove();
      await camera.remove();
    }
    const floor = browserFloor(context.outDir);
    const floorMs = floor.firstFrameMs;
    return {
      name: NAME,
      title: TITLE,
      mode: context.quick ? 'quick' : 'full',
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      environment: environment({ chromium: browser.version() }),
      method: [
        'The real web app (dist/web) on an in-process confab server; headless Chromium, one context per person, camera a 320×240@15 Y4M file (the floor’s size and rate).',
        'mesh: a confab without an SFU; SFU: the same with --with-sfu (its own Janus, default policy: a mesh up to 4, so a room of 6 is on the SFU). The server is new for each case.',
        `N − 1 people join through the pre-join page ("Your name", "Join") and connect; then ${String(reps)} newcomers in turn open the room link, type a name, wait until the page has settled (preview playing, WebRTC warm-up done, its WebSockets open) and press Join; each leaves before the next.`,
        't0 = the Join click (submit event, in the page); first frames = until a video from each of the N − 1 others was decoded (one stream per connection in the mesh, one per feed on the SFU’s single connection; getStats framesDecoded, 10 ms polling). Also timed: `join` sent, `welcome` received, first offer and first candidate sent, the first offer received (on the SFU: for our subscriber connection) and our answer sent, the answer to our first offer received (on the SFU: to our publish), the first remote candidate received, the first connection connected and the earliest frame (WebSocket frames seen in the page; "received" is when the page’s code got it, so main-thread work still running from the click, such as building the meeting view, shows there).',
        `newcomer on its own CPU (SFU, N = 6): the newcomers run in a second Chromium at normal priority, the five people already there in one at nice ${String(OTHERS_NICENESS)} (Janus and the server at normal priority): the newcomer's computer does not also run the others' browsers, as it would not in a real meeting. The others' key frames then come later than on their own computers.`,
        `Goals: N = 2 within 1.5× the browser-floor first-frame median (two connections in one page, same camera size; ${Number.isFinite(floorMs) ? `${floorMs.toFixed(0)} ms, from the floor run of ${floor.startedAt ?? '?'}` : 'not found'}); N = 6 within 1 s.`,
      ],
      columns: [
        { metric: 'firstFramesMs', label: 'first frames median ms' },
        { metric: 'firstFramesMs', label: 'first frames p90 ms', stat: 'p90' },
        { metric: 'welcomeMs', label: 'welcome median ms' },
        { metric: 'firstOfferMs', label: 'first offer median ms' },
        { metric: 'socketsAfterClick', label: 'sockets opened after the click' },
      ],
      cells: cases.map((c) => cellOf(c, byCase.get(keyOf(c)) ?? [])),
      goals: goals(byCase, floorMs),
      details: {
        floorFirstFrameMs: floorMs,
        floorStartedAt: floor.startedAt,
        // The machine is shared: its 1-minute load average before and after the run.
        loadAverage: { before: loadBefore, after: loadavg()[0] ?? Number.NaN },
        trials: [...byCase.values()].flat(),
      },
    };
  },
};
