// One trial of a browser benchmark: N participants join one room one after another (each
// once the previous ones are fully meshed); the last joiner's timings are the figures.
import type { BrowserContext, Page } from 'playwright-core';
import { sleep } from '../lib/processes.js';
import { pageApi, type BenchBrowser } from './chromium.js';
import type { Arm, JoinOptions, MediaKind, PageStatus } from './page/types.js';

export interface RoomSpec {
  readonly arm: Arm;
  readonly n: number;
  readonly media: MediaKind;
  readonly relayOnly: boolean;
  /** confab's http base URL, or PeerJS's ws://host:port. */
  readonly server: string;
  readonly room: string;
  readonly iceServers: (user: string) => RTCIceServer[];
  /** Give up on a join after this long (capacity: 20 s per join). */
  readonly joinBudgetMs: number;
  readonly adaptVideo: boolean;
  /** confab: tell the call every remote tile's height (receiver-driven quality). */
  readonly tileHeight?: number;
  readonly video: { width: number; height: number; fps: number };
  /** Runs once everyone joined, before the room is torn down (e.g. a steady-state measure). */
  readonly beforeLeave?: (pages: readonly Page[]) => Promise<void>;
}

export interface JoinOutcome {
  /** Time until the joiner's last pair connected; null if some did not within the budget. */
  readonly allConnectedMs: number | null;
  readonly allFirstFrameMs: number | null;
  readonly pairsConnected: number;
  readonly marks: readonly [string, number][];
}

export interface RoomResult {
  readonly joins: JoinOutcome[];
  /** Pairs whose both ends are connected at the end. */
  readonly pairsConnected: number;
  readonly pairsExpected: number;
  readonly errors: string[];
}

interface Participant {
  readonly id: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

export async function runRoom(browser: BenchBrowser, spec: RoomSpec): Promise<RoomResult> {
  const joined: Participant[] = [];
  const joins: JoinOutcome[] = [];
  const errors: string[] = [];
  try {
    for (let k = 0; k < spec.n; k++) {
      const { context, page } = await browser.openPage();
      const id = `${spec.room}-p${String(k)}`;
      await pageApi.prepare(page, { arm: spec.arm, media: spec.media, ...spec.video });
      const options: JoinOptions = {
        arm: spec.arm,
        server: spec.server,
        room: spec.room,
        selfId: id,
        existing: joined.map((p) => p.id),
        relayOnly: spec.relayOnly,
        iceServers: spec.arm === 'peerjs' ? spec.iceServers(id) : [],
        adaptVideo: spec.adaptVideo,
        ...(spec.tileHeight === undefined ? {} : { tileHeight: spec.tileHeight }),
      };
      joined.push({ id, context, page });
      await pageApi.join(page, options);
      joins.push(await awaitJoin(page, k, spec));
    }
    await spec.beforeLeave?.(joined.map((p) => p.page));
    const statuses = await Promise.all(joined.map((p) => pageApi.status(p.page)));
    for (const status of statuses) errors.push(...status.errors);
    const connectedEnds = statuses.reduce((sum, s) => sum + s.connected, 0);
    return {
      joins,
      pairsConnected: Math.floor(connectedEnds / 2),
      pairsExpected: (spec.n * (spec.n - 1)) / 2,
      errors,
    };
  } finally {
    await Promise.all(joined.map((p) => p.context.close()));
  }
}

/** Polls the joiner until it reached all `others` (and, with video, decoded a frame of each). */
async function awaitJoin(page: Page, others: number, spec: RoomSpec): Promise<JoinOutcome> {
  const deadline = Date.now() + spec.joinBudgetMs;
  const wantFrames = spec.media === 'av';
  let status: PageStatus = await pageApi.status(page);
  for (;;) {
    const connected = status.pairs.filter((p) => p.connectedMs !== null);
    const framed = status.pairs.filter((p) => p.firstFrameMs !== null);
    const done = connected.length >= others && (!wantFrames || framed.length >= others);
    if (done || Date.now() > deadline) {
      const all = connected.length >= others;
      return {
        allConnectedMs: all ? Math.max(0, ...connected.map((p) => p.connectedMs ?? 0)) : null,
        allFirstFrameMs:
          wantFrames && framed.length >= others
            ? Math.max(0, ...framed.map((p) => p.firstFrameMs ?? 0))
            : null,
        pairsConnected: connected.length,
        marks: status.marks,
      };
    }
    await sleep(20);
    status = await pageApi.status(page);
  }
}
