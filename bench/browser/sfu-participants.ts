// Participants of the SFU benchmark: the real web app (dist/web, served by an in-process
// confab) in Chromium pages (one context each, a small Y4M file as the camera) or in Debian's
// Firefox ESR (one process each, puppeteer-core over WebDriver BiDi), joined the way a
// person does ("Your name", "Join"). Measurements run in the page through `evaluate`.
import type { Browser as ChromiumBrowser } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { FIREFOX_PATH, FIREFOX_PREFS } from '../../e2e/support/firefox.js';
import { recordPeerConnections } from '../../e2e/support/peer-connections.js';
import { treeCpuSeconds } from '../lib/proc.js';

export type ParticipantBrowser = 'chromium' | 'firefox';

export interface Participant {
  readonly name: string;
  readonly browser: ParticipantBrowser;
  /** Runs `fn` in the page (Playwright's and puppeteer's evaluate agree on this much). */
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** CPU seconds of this participant's own browser process tree (Firefox), else null. */
  ownCpuSeconds(): number | null;
  close(): Promise<void>;
}

const WAIT_MS = 20_000;
/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in
 * `__name(...)` calls, also in the bodies sent to the page: define the helper there.
 */
export const KEEP_NAMES = 'globalThis.__name = (fn) => fn;';

/** Opens `url` (the room) in a new Chromium context and joins as `name`. */
export async function joinChromium(
  browser: ChromiumBrowser,
  url: string,
  name: string,
): Promise<Participant> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: KEEP_NAMES });
    await page.addInitScript(recordPeerConnections);
    await page.goto(url);
    await page.getByLabel('Your name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('button', { name: 'Leave', exact: true }).waitFor({ timeout: WAIT_MS });
    return {
      name,
      browser: 'chromium',
      evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
        page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown),
      ownCpuSeconds: () => null,
      close: () => context.close(),
    };
  } catch (error) {
    await context.close();
    throw error;
  }
}

const aria = (role: string, name: string) => `::-p-aria([name="${name}"][role="${role}"])`;

/** Starts a Firefox process, opens `url` and joins as `name`. */
export async function joinFirefox(url: string, name: string): Promise<Participant> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS },
  });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.evaluateOnNewDocument(KEEP_NAMES);
    await page.evaluateOnNewDocument(recordPeerConnections);
    await page.goto(url);
    await page.locator(aria('textbox', 'Your name')).setTimeout(WAIT_MS).fill(name);
    await page.locator(aria('button', 'Join')).setTimeout(WAIT_MS).click();
    await page.waitForSelector(aria('button', 'Leave'), { visible: true, timeout: WAIT_MS });
    const pid = browser.process()?.pid;
    return {
      name,
      browser: 'firefox',
      evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
        page.evaluate(fn as (arg: unknown) => Promise<R>, arg),
      ownCpuSeconds: () => (pid === undefined ? null : treeCpuSeconds(pid)),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** One remote participant's camera tile as a page shows it. */
export interface TileReading {
  readonly id: string;
  readonly height: number;
  /** The height the tile shows the video at, in device pixels (its box, DPR applied). */
  readonly shownHeight: number;
  readonly time: number;
  /** Frames the <video> presented so far (getVideoPlaybackQuality). */
  readonly frames: number;
  readonly audio: boolean;
}

export interface PageReading {
  readonly tiles: TileReading[];
  /** Bytes this page sent so far on all its connections (RTP payload and headers). */
  readonly bytesSent: number;
  readonly path: string;
}

/**
 * What the page plays of everyone and, with `sent`, what it sent so far (getStats of every
 * connection: costly, so only at the edges of a measuring window; else bytesSent is 0).
 */
export function readPage(participant: Participant, sent = false): Promise<PageReading> {
  return participant.evaluate(async (withStats) => {
    const tiles = [
      ...document.querySelectorAll<HTMLElement>('[data-peer-id][data-source="camera"]'),
    ].map((tile) => {
      const id = tile.dataset['peerId'] ?? '';
      const video = tile.querySelector('video');
      const audio = document.querySelector<HTMLAudioElement>(`audio[data-peer-id="${id}"]`);
      const stream = audio?.srcObject instanceof MediaStream ? audio.srcObject : null;
      const track = stream?.getAudioTracks()[0];
      return {
        id,
        height: video?.videoHeight ?? 0,
        shownHeight: Math.round((video?.clientHeight ?? 0) * devicePixelRatio),
        time: video?.currentTime ?? 0,
        frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
        audio: audio !== null && !audio.paused && track?.readyState === 'live' && !track.muted,
      };
    });
    let bytesSent = 0;
    for (const pc of withStats ? (window.confabTestPeerConnections ?? []) : []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((stat: { type: string; bytesSent?: number; headerBytesSent?: number }) => {
        if (stat.type === 'outbound-rtp')
          bytesSent += (stat.bytesSent ?? 0) + (stat.headerBytesSent ?? 0);
      });
    }
    return {
      tiles,
      bytesSent,
      path: document.querySelector('.media-path')?.textContent ?? '',
    };
  }, sent);
}

/** Whether `after` (read a little later than `before`) plays all `others` remote participants. */
export function playsAll(before: PageReading, after: PageReading, others: number): boolean {
  if (after.tiles.length !== others) return false;
  return after.tiles.every((tile) => {
    const earlier = before.tiles.find((t) => t.id === tile.id);
    return tile.height > 0 && tile.audio && earlier !== undefined && tile.time > earlier.time;
  });
}
