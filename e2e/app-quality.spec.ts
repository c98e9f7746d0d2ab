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
test('the copy a sender encodes follows the tile it is shown in, and pauses when hidden (camera and screen share)', async ({
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

    // Ann shares her screen. Ben hides its tile: her screen copy for him stops encoding
    // while her camera copy goes on; shown again, it resumes with a keyframe.
    await ann.page.getByRole('button', { name: 'Share screen' }).click();
    await expect(ben.page.getByRole('group', { name: 'Ann’s screen' })).toBeVisible();
    // By its source, not its role: a hidden tile leaves the accessibility tree.
    const screenTile = ben.page.locator('.tile[data-source="screen"]');
    const encoded = () =>
      ann.page.evaluate(async () => {
        const pc = (window.confabTestPeerConnections ?? []).find(
          (c) => c.signalingState !== 'closed' && c.remoteDescription !== null,
        );
        // The first video transceiver carries the camera, a later one the screen.
        const [camera, screen] = (pc?.getTransceivers() ?? [])
          .map((t) => t.sender)
          .filter((s) => s.track?.kind === 'video');
        const frames = async (sender: RTCRtpSender | undefined) => {
          let framesEncoded = 0;
          let keyFrames = 0;
          (await sender?.getStats())?.forEach((stat: Record<string, unknown>) => {
            if (stat['type'] !== 'outbound-rtp') return;
            framesEncoded += Number(stat['framesEncoded'] ?? 0);
            keyFrames += Number(stat['keyFramesEncoded'] ?? 0);
          });
          return { framesEncoded, keyFrames };
        };
        return {
          camera: await frames(camera),
          screen: await frames(screen),
          screenActive: screen?.getParameters().encodings[0]?.active ?? null,
        };
      });
    /** Frames the screen copy encodes while the camera copy encodes `count` (its clock). */
    const screenFramesOver = async (count: number) => {
      const before = await encoded();
      await expect
        .poll(async () => (await encoded()).camera.framesEncoded, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(before.camera.framesEncoded + count);
      return (await encoded()).screen.framesEncoded - before.screen.framesEncoded;
    };
    await expect.poll(async () => (await encoded()).screen.framesEncoded).toBeGreaterThan(0);
    expect(await screenFramesOver(30)).toBeGreaterThan(1);

    await screenTile.evaluate((tile: HTMLElement) => (tile.style.display = 'none'));
    await expect.poll(async () => (await encoded()).screenActive).toBe(false);
    expect(await screenFramesOver(30)).toBeLessThanOrEqual(1);

    const hidden = await encoded();
    await screenTile.evaluate((tile: HTMLElement) => (tile.style.display = ''));
    await expect.poll(async () => (await encoded()).screenActive).toBe(true);
    await expect
      .poll(async () => (await encoded()).screen.framesEncoded)
      .toBeGreaterThan(hidden.screen.framesEncoded + 1);
    expect((await encoded()).screen.keyFrames).toBeGreaterThan(hidden.screen.keyFrames);
    // Ben's tab in the background pauses both copies; back, both run again.
    await setHidden(true);
    await expect.poll(async () => (await encoded()).screenActive).toBe(false);
    expect((await sending()).active).toBe(false);
    await setHidden(false);
    await expect.poll(async () => (await encoded()).screenActive).toBe(true);
    await expect.poll(async () => (await sending()).active).toBe(true);
    await ann.page.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(screenTile).toHaveCount(0);

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
