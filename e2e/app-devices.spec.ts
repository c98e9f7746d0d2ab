import {
  closeAll,
  configuredLaunchOptions,
  DESKTOP,
  expectSeesAndHears,
  joinMeeting,
  openApp,
  playback,
  type User,
} from './app-driver.js';
import { expect, test } from './fixtures.js';
import { recordPeerConnections } from './support/peer-connections.js';

// Switching the camera mid-call: Ann (a browser with two fake cameras) picks the other one
// in the meeting; Ben's picture of her never stops, and nothing is renegotiated.
test('switching camera and microphone mid-call: the others’ video goes on, no renegotiation', async ({
  browser,
  confab,
  playwright,
}) => {
  const twoCameras = await playwright.chromium.launch({
    ...configuredLaunchOptions(),
    args: (configuredLaunchOptions().args ?? []).map((arg) =>
      arg === '--use-fake-device-for-media-stream'
        ? '--use-fake-device-for-media-stream=device-count=2'
        : arg,
    ),
  });
  const users: User[] = [];
  try {
    const context = await twoCameras.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.addInitScript(recordPeerConnections);
    const ann: User = { name: 'Ann', context, page };
    users.push(ann);
    const room = `${confab.url}/r/devices`;
    await page.goto(room);
    await joinMeeting(page, 'Ann');
    const ben = await openApp(browser, 'Ben');
    users.push(ben);
    await ben.page.goto(room);
    await joinMeeting(ben.page, 'Ben');
    await expectSeesAndHears(ben, ['Ann']);
    await expectSeesAndHears(ann, ['Ben']);

    const sent = () =>
      page.evaluate(() => {
        const [pc] = (window.confabTestPeerConnections ?? []).filter(
          (c) => c.signalingState !== 'closed' && c.remoteDescription !== null,
        );
        const camera = pc?.getSenders().find((s) => s.track?.kind === 'video')?.track;
        const microphone = pc?.getSenders().find((s) => s.track?.kind === 'audio')?.track;
        return {
          camera: camera?.getSettings().deviceId ?? '',
          cameraLabel: camera?.label ?? '',
          microphone: microphone?.label ?? '',
          // o=- <session id> <version>: the version grows with every negotiation.
          origin: /^o=.*$/m.exec(pc?.localDescription?.sdp ?? '')?.[0] ?? '',
        };
      });
    const before = await sent();

    await page.getByRole('button', { name: 'More options' }).click();
    await page.getByRole('menuitem', { name: 'Camera, microphone and speaker' }).click();
    const camera = page.getByLabel('Camera', { exact: true });
    await expect(camera.locator('option')).toHaveCount(2);
    const other = await camera.locator('option').evaluateAll((options, current) => {
      const values = (options as HTMLOptionElement[]).map((o) => o.value);
      return values.find((value) => value !== current) ?? '';
    }, before.camera);
    await camera.selectOption(other);
    await expect.poll(async () => (await sent()).camera).toBe(other);
    const microphone = page.getByLabel('Microphone', { exact: true });
    await microphone.selectOption({ label: 'Fake Audio Input 2' });
    await expect.poll(async () => (await sent()).microphone).toBe('Fake Audio Input 2');
    // The speaker picker exists where the browser can route audio (Chromium).
    await expect(page.getByLabel('Speaker', { exact: true })).toBeVisible();

    const after = await sent();
    expect(after.cameraLabel).not.toBe(before.cameraLabel);
    expect(after.origin).toBe(before.origin);
    // Ben's picture of Ann keeps coming: frames advance after the switch.
    const time = (await playback(ben.page))[0]?.videoTime ?? 0;
    await expect
      .poll(async () => (await playback(ben.page))[0]?.videoTime ?? 0)
      .toBeGreaterThan(time + 1);
    await expectSeesAndHears(ben, ['Ann']);
    // Ann's own tile shows the new camera.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const video = document.querySelector<HTMLVideoElement>('[data-self] video');
          const stream = video?.srcObject;
          return stream instanceof MediaStream
            ? stream.getVideoTracks()[0]?.getSettings().deviceId
            : '';
        }),
      )
      .toBe(other);
  } finally {
    await closeAll(users);
    await twoCameras.close();
  }
});
