// Meetings of Chromium and Firefox participants: a fixture that opens either browser's page
// and closes them all after the test, and the steps a person takes in the web app, written
// once against BrowserPage so the same test body runs with the browsers in any order.
import {
  fullMeshConnected,
  joinWithLibrary,
  peerStats,
  type JoinOptions,
  type LibraryParticipant,
} from '../client-harness.js';
import { expect, test as base } from '../fixtures.js';
import { openChromiumPage, type BrowserName, type BrowserPage } from './browser-page.js';
import { launchFirefox } from './firefox.js';
import { connectionMedia, type ConnectionMedia } from './peer-connections.js';

export type OpenPage = (browser: BrowserName, name: string) => Promise<BrowserPage>;

export const test = base.extend<{ open: OpenPage }>({
  open: async ({ browser }, use) => {
    const pages: BrowserPage[] = [];
    await use(async (which, name) => {
      const page =
        which === 'chromium' ? await openChromiumPage(browser, name) : await launchFirefox(name);
      pages.push(page);
      return page;
    });
    await Promise.all(pages.map((page) => page.close()));
  },
});

export { expect };

export const BROWSER_LABEL: Readonly<Record<BrowserName, string>> = {
  chromium: 'Chromium',
  firefox: 'Firefox',
};

/** On the pre-join page: types the name and presses Join; resolves in the meeting. */
export async function joinMeetingAs(page: BrowserPage, name: string): Promise<void> {
  await page.fillByLabel('Your name', name);
  await page.clickByRole('button', 'Join');
  await page.waitForRole('button', 'Leave');
}

/**
 * Milliseconds from `since` until `condition` holds (checked every 50 ms), recorded as a
 * test annotation and printed. A measurement, not a speed assertion (those live in bench/).
 */
export async function timeUntil(
  what: string,
  since: number,
  condition: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<number> {
  await expect.poll(condition, { message: what, intervals: [50], timeout: timeoutMs }).toBe(true);
  const ms = Date.now() - since;
  test.info().annotations.push({ type: 'timing', description: `${what}: ${String(ms)} ms` });
  console.log(`${what}: ${String(ms)} ms`);
  return ms;
}

/** The page's one negotiated connection (these meetings have two people). */
export async function onlyConnection(page: BrowserPage): Promise<ConnectionMedia | null> {
  const connections = await connectionMedia(page);
  return connections.length === 1 ? (connections[0] ?? null) : null;
}

/** Received video frames and audio bytes of the page's connection both keep growing. */
export async function expectMediaGrows(who: string, page: BrowserPage): Promise<void> {
  const before = await onlyConnection(page);
  expect(before, `${who}: one connection`).not.toBeNull();
  await expect
    .poll(
      async () => {
        const now = await onlyConnection(page);
        return {
          video:
            Math.max(0, ...(now?.videoFrames ?? [])) > Math.max(0, ...(before?.videoFrames ?? [])),
          audio: (now?.audioBytesReceived ?? 0) > (before?.audioBytesReceived ?? 0),
        };
      },
      { message: `${who}: decoded frames and audio bytes grow` },
    )
    .toEqual({ video: true, audio: true });
}

/** Sends a chat message from the open chat panel. */
export async function sendChat(page: BrowserPage, text: string): Promise<void> {
  await page.fillByLabel('Message', text);
  await page.clickByRole('button', 'Send');
}

/** The chat messages the page shows, as `from: text`. */
export function chatMessages(page: BrowserPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.chat-message')].map(
      (message) =>
        `${message.querySelector('.chat-from')?.textContent ?? ''}: ${message.querySelector('.chat-text')?.textContent ?? ''}`,
    ),
  );
}

/** The size and play position of the screen share tile showing `name`'s screen, if any. */
export function screenTile(
  page: BrowserPage,
  label: string,
): Promise<{ width: number; time: number } | null> {
  return page.evaluate((label) => {
    const tile = [...document.querySelectorAll('[data-source="screen"]')].find(
      (element) => element.getAttribute('aria-label') === label,
    );
    const video = tile?.querySelector('video');
    return video ? { width: video.videoWidth, time: video.currentTime } : null;
  }, label);
}

/** A client library participant in either browser. */
export type MixedParticipant = LibraryParticipant & { readonly page: BrowserPage };

/** Opens `which` browser on the library example page and joins `room` with the client library. */
export async function joinWithLibraryIn(
  open: OpenPage,
  which: BrowserName,
  url: string,
  room: string,
  name: string,
  options: JoinOptions = {},
): Promise<MixedParticipant> {
  const page = await open(which, name);
  await page.goto(`${url}/examples/minimal.html`);
  return { name, page, id: await joinWithLibrary(page, room, name, options) };
}

/**
 * `first` is in the room when `second` joins (client library); resolves once both are
 * connected and decode each other's video, printing how long each took from the join.
 */
export async function meetWithLibrary(
  open: OpenPage,
  url: string,
  room: string,
  [first, second]: readonly [BrowserName, BrowserName],
  options: JoinOptions = {},
): Promise<[MixedParticipant, MixedParticipant]> {
  const a = await joinWithLibraryIn(open, first, url, room, 'Ann', options);
  const page = await open(second, 'Ben');
  await page.goto(`${url}/examples/minimal.html`);
  const joinAt = Date.now();
  const b = { name: 'Ben', page, id: await joinWithLibrary(page, room, 'Ben', options) };
  const pair = `${room}: ${BROWSER_LABEL[second]} newcomer ↔ ${BROWSER_LABEL[first]} member`;
  await timeUntil(`${pair}: join → connected`, joinAt, () => fullMeshConnected([a, b]));
  await timeUntil(`${pair}: join → first video frame both ways`, joinAt, async () => {
    const decoded = await Promise.all([peerStats(a), peerStats(b)]);
    return decoded.every(([stats]) => (stats?.framesDecoded ?? 0) > 0);
  });
  return [a, b];
}
