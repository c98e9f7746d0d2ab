import {
  closeAll,
  expectSeesAndHears,
  joinMeeting,
  openApp,
  tileOf,
  type User,
} from './app-driver.js';
import { expect, test } from './fixtures.js';
import { recordPeerConnections } from './support/peer-connections.js';

// Receiver-driven quality: Ann's camera copy for Ben follows how Ben shows her tile.
test('the copy a sender encodes follows the tile it is shown in, and pauses when hidden', async ({
  browser,
  confab,
}) => {
  const users: User[] = [];
  try {
    const ann = await openApp(browser, 'Ann');
    const ben = await openApp(browser, 'Ben');
    users.push(ann, ben);
    await ann.page.addInitScript(recordPeerConnections);
    const room = `${confab.url}/r/quality`;
    await ann.page.goto(room);
    await joinMeeting(ann.page, 'Ann');
    await ben.page.goto(room);
    await joinMeeting(ben.page, 'Ben');
    await expectSeesAndHears(ben, ['Ann']);

    /** Ann's camera encoding towards Ben: the height it sends and whether it is on. */
    const sending = () =>
      ann.page.evaluate(() => {
        const pc = (window.confabTestPeerConnections ?? []).find(
          (c) => c.signalingState !== 'closed' && c.remoteDescription !== null,
        );
        const sender = pc?.getSenders().find((s) => s.track?.kind === 'video');
        const [encoding] = sender?.getParameters().encodings ?? [];
        const height = sender?.track?.getSettings().height ?? 0;
        return {
          active: encoding?.active ?? true,
          height: Math.round(height / (encoding?.scaleResolutionDownBy ?? 1)),
          preference: sender?.getParameters().degradationPreference ?? null,
        };
      });
    const tileHeight = async () =>
      Math.round((await tileOf(ben.page, 'Ann').boundingBox())?.height ?? 0);

    // Alone with Ann, Ben shows her large: her copy is as tall as his tile (her camera is 720p).
    const large = await tileHeight();
    await expect.poll(async () => (await sending()).height).toBe(Math.min(large, 720));
    expect((await sending()).preference).toBe('maintain-framerate');

    // A smaller window, a smaller tile: the copy follows it down.
    await ben.page.setViewportSize({ width: 640, height: 400 });
    await expect.poll(tileHeight).toBeLessThan(large);
    const small = await tileHeight();
    await expect.poll(async () => (await sending()).height).toBeLessThanOrEqual(small);
    expect((await sending()).height).toBeGreaterThanOrEqual(Math.floor(small * 0.9));

    // Ben's tab goes to the background: Ann stops encoding for him, and starts again.
    const setHidden = (hidden: boolean) =>
      ben.page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', {
          configurable: true,
          get: () => (value ? 'hidden' : 'visible'),
        });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await expect.poll(async () => (await sending()).active).toBe(false);
    await setHidden(false);
    await expect.poll(async () => (await sending()).active).toBe(true);

    // Ben turns data saver on: Ann sends him a small picture, whatever his tile.
    await ben.page.setViewportSize({ width: 1280, height: 800 });
    await ben.page.getByRole('button', { name: 'More options' }).click();
    await ben.page.getByRole('menuitem', { name: 'Turn on data saver' }).click();
    await expect.poll(async () => (await sending()).height).toBeLessThanOrEqual(180);
    expect((await sending()).active).toBe(true);

    // Ben's badge of Ann: signal bars by default, the technical line on hover.
    const badge = tileOf(ben.page, 'Ann').locator('.tile-badge');
    await expect(badge).toHaveAttribute('aria-label', 'Good connection');
    await expect(badge.locator('.badge-text')).toBeHidden();
    await badge.hover();
    await expect(badge.locator('.badge-text')).toBeVisible();
    await expect(badge.locator('.badge-text')).toHaveText(/^host · udp · /);
  } finally {
    await closeAll(users);
  }
});
