import { test, expect } from '@playwright/test';
import { startConfab } from './fixtures.js';
import { joinRaw, rawSent, rawState } from './support/sfu-raw-client.js';

// The server's side of SFU mode with real Chromium media and the server's own Janus
// (--with-sfu): three participants speaking protocol v2 by hand (the client library's
// SFU transport has its own tests). With meshMax 1 the room is on the SFU from the second
// member on; every participant must decode both others, at the simulcast layer it asked for.

test('three Chromium participants publish and receive each other through Janus', async ({
  browser,
}) => {
  const confab = await startConfab({ withSfu: true, meshMax: 1 });
  try {
    await expect.poll(() => confab.server.sfu?.pool.healthyCount()).toBe(1);
    const wsUrl = `${confab.url.replace(/^http/, 'ws')}/ws`;
    const pages = await Promise.all(
      [0, 1, 2].map(async () => {
        const page = await (await browser.newContext()).newPage();
        // A page of the app: its CSP lets it open the signaling WebSocket (/healthz allows nothing).
        await page.goto(`${confab.url}/examples/minimal.html`);
        return page;
      }),
    );
    // Layer 0 of a 1280×720 camera is the quarter-size rid (l); the first two ask for it.
    for (const [i, page] of pages.entries())
      await joinRaw(page, wsUrl, `P${String(i)}`, i < 2 ? 0 : 2);
    for (const page of pages)
      await expect
        .poll(async () => (await rawState(page)).videos.length, { timeout: 30_000 })
        .toBe(2);
    for (const page of pages.slice(0, 2))
      await expect
        .poll(async () => (await rawState(page)).videos.map((v) => v.width))
        .toEqual([320, 320]);
    const [, , big] = pages;
    if (big === undefined) throw new Error('unreachable');
    const sending = async () => (await Promise.all(pages.map(rawSent))).join(' | ');
    await expect
      .poll(async () => Math.min(...(await rawState(big)).videos.map((v) => v.width)), {
        // The top layer starts once each publisher's bandwidth estimate has grown to it.
        message: 'the narrowest video of the page that asked for the top layer',
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(640)
      // What each publisher sends then, for the next failure (it failed twice in full runs).
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\npublishers send: ${await sending()}`);
      });
    for (const page of pages) expect((await rawState(page)).errors).toEqual([]);
  } finally {
    await confab.server.close();
  }
});
