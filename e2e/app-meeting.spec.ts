import {
  closeAll,
  configuredLaunchOptions,
  expectSeesAndHears,
  joinMeeting,
  openApp,
  PHONE,
  DESKTOP,
  playback,
  screenshot,
  seriousA11yViolations,
  tileOf,
  type User,
} from './app-driver.js';
import { expect, test } from './fixtures.js';

// The whole product as a person uses it: create a meeting, others join from the invite
// link, everyone sees and hears everyone, chat, mute, screen share, someone without a
// camera joins, someone leaves.
test('a meeting through the web app, from "New meeting" to "Leave"', async ({
  browser,
  confab,
  playwright,
}) => {
  test.setTimeout(240_000);
  const users: User[] = [];
  const noCameraBrowser = await playwright.chromium.launch({
    ...configuredLaunchOptions(),
    // A real browser whose only devices are microphones: no camera at all.
    args: (configuredLaunchOptions().args ?? []).map((arg) =>
      arg === '--use-fake-device-for-media-stream'
        ? '--use-fake-device-for-media-stream=device-count=0'
        : arg,
    ),
  });
  try {
    const ann = await openApp(browser, 'Ann');
    users.push(ann);
    await ann.context.grantPermissions(['clipboard-read', 'clipboard-write']);

    const link = await test.step('Ann creates a meeting and copies the invite link', async () => {
      await ann.page.goto(confab.url);
      await ann.page.getByRole('button', { name: 'New meeting' }).click();
      // 16 random bytes in base64url.
      await expect(ann.page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
      const preview = ann.page.locator('.preview-video');
      await expect
        .poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth))
        .toBeGreaterThan(0);
      await expect(ann.page.getByRole('meter', { name: 'Microphone level' })).toBeVisible();
      await expect(ann.page.getByLabel('Camera', { exact: true })).toHaveValue(/.+/);
      await screenshot(ann.page, 'prejoin-desktop');
      expect(await seriousA11yViolations(ann.page)).toEqual([]);

      await joinMeeting(ann.page, 'Ann');
      await expect(ann.page.getByText('You are the only one here')).toBeVisible();
      await ann.page.getByRole('button', { name: 'Copy invite link' }).click();
      await expect(ann.page.getByText('Invite link copied')).toBeVisible();
      const copied = await ann.page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(ann.page.url());
      return copied;
    });

    const [ben, chen] = await test.step('Ben and Chen join from the link', async () => {
      const joined: User[] = [];
      for (const name of ['Ben', 'Chen']) {
        const user = await openApp(browser, name);
        users.push(user);
        joined.push(user);
        await user.page.goto(link);
        const clickedAt = Date.now();
        await joinMeeting(user.page, name);
        await expect
          .poll(
            async () => (await playback(user.page)).filter((p) => p.state === 'connected').length,
          )
          .toBe(joined.length);
        console.log(
          `${name}: Join pressed → connected to everyone in ${String(Date.now() - clickedAt)} ms`,
        );
      }
      return joined as [User, User];
    });

    await test.step('all three see and hear each other', async () => {
      await expectSeesAndHears(ann, ['Ben', 'Chen']);
      await expectSeesAndHears(ben, ['Ann', 'Chen']);
      await expectSeesAndHears(chen, ['Ann', 'Ben']);
      // Every remote tile carries its connection badge (candidate pair, protocol, RTT, bitrate).
      await expect(tileOf(ann.page, 'Ben').locator('.tile-badge')).toHaveText(
        /^(host|srflx|prflx|relay) · (udp|tcp|tls) · \d+\sms · [\d.]+\s[kM]b\/s$/,
      );
    });

    await test.step('a chat message reaches everyone, with an unread badge', async () => {
      const text = 'Hello from Ann <b>not bold</b>';
      await ann.page.getByRole('button', { name: 'Chat' }).click();
      await ann.page.getByLabel('Message').fill(text);
      await ann.page.getByRole('button', { name: 'Send' }).click();
      for (const user of [ben, chen]) {
        await user.page.getByRole('button', { name: 'Chat, 1 unread' }).click();
        const message = user.page.locator('.chat-message').filter({ hasText: 'Ann' });
        await expect(message.locator('.chat-text')).toHaveText(text);
        // Names and messages are text, never markup.
        await expect(message.locator('b')).toHaveCount(0);
        await expect(user.page.getByRole('button', { name: 'Chat', exact: true })).toBeVisible();
      }
    });

    await test.step('Ben mutes; the others see it on his tile', async () => {
      await ben.page.getByRole('button', { name: 'Mute microphone' }).click();
      await expect(ben.page.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
      for (const user of [ann, chen])
        await expect(
          tileOf(user.page, 'Ben').getByRole('img', { name: 'Microphone off' }),
        ).toBeVisible();
      await expect(
        tileOf(ann.page, 'Chen').getByRole('img', { name: 'Microphone off' }),
      ).toBeHidden();
    });

    await test.step('Chen shares the screen; the others see it, then it ends', async () => {
      await chen.page.getByRole('button', { name: 'Share screen' }).click();
      await expect(chen.page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
      for (const user of [ann, ben]) {
        const screen = user.page.getByRole('group', { name: 'Chen’s screen' }).locator('video');
        await expect
          .poll(() => screen.evaluate((v: HTMLVideoElement) => v.videoWidth))
          .toBeGreaterThan(0);
        const time = await screen.evaluate((v: HTMLVideoElement) => v.currentTime);
        await expect
          .poll(() => screen.evaluate((v: HTMLVideoElement) => v.currentTime))
          .toBeGreaterThan(time);
      }
      await chen.page.getByRole('button', { name: 'Stop sharing' }).click();
      for (const user of [ann, ben])
        await expect(user.page.getByRole('group', { name: 'Chen’s screen' })).toHaveCount(0);
    });

    const dee = await test.step('Dee, who has no camera, joins with audio only', async () => {
      const context = await noCameraBrowser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      const user: User = { name: 'Dee', context, page };
      users.push(user);
      await page.goto(link);
      await expect(page.getByText('No camera found. You will join with audio only.')).toBeVisible();
      await joinMeeting(page, 'Dee');
      await expectSeesAndHears(user, ['Ann', 'Ben', 'Chen']);
      for (const other of [ann, ben, chen]) {
        await expectSeesAndHears(
          other,
          [...['Ann', 'Ben', 'Chen'].filter((n) => n !== other.name), 'Dee'],
          {
            video: false,
          },
        );
        const tile = tileOf(other.page, 'Dee');
        await expect(tile).toHaveAttribute('data-video', 'off');
        await expect(tile.locator('.avatar')).toBeVisible();
        await expect(tile.locator('.avatar')).toHaveText('D');
      }
      return user;
    });

    await test.step('screenshots of the four-person meeting and an accessibility check', async () => {
      // Badges carry a measured bitrate for every peer, the audio-only one included.
      for (const name of ['Ben', 'Chen', 'Dee'])
        await expect(tileOf(ann.page, name).locator('.tile-badge')).toHaveText(/\s[kM]b\/s$/);
      // Open the participants list so the screenshot shows every connection's state.
      await ann.page.getByRole('button', { name: 'Participants' }).click();
      await expect(ann.page.getByRole('heading', { name: 'Participants (4)' })).toBeVisible();
      await expect(ann.page.locator('.person[data-connection-state="connected"]')).toHaveCount(3);
      await screenshot(ann.page, 'meeting-4-desktop');
      expect(await seriousA11yViolations(ann.page)).toEqual([]);
      await ann.page.getByRole('button', { name: 'Participants' }).click();
      await ann.page.setViewportSize(PHONE);
      await expect
        .poll(() => tileOf(ann.page, 'Ben').evaluate((t) => t.clientWidth))
        .toBeLessThan(PHONE.width);
      await screenshot(ann.page, 'meeting-4-phone');
      expect(await seriousA11yViolations(ann.page)).toEqual([]);
      await ann.page.setViewportSize(DESKTOP);
    });

    await test.step('Chen leaves; the others drop the tile', async () => {
      await chen.page.getByRole('button', { name: 'Leave' }).click();
      await expect(chen.page.getByRole('heading', { name: 'You left the meeting' })).toBeVisible();
      await Promise.all(
        [ann, ben, dee].map(async (user) => {
          await expect(user.page.getByText('Chen left')).toBeVisible();
          await expect(tileOf(user.page, 'Chen')).toHaveCount(0);
        }),
      );
      await expectSeesAndHears(dee, ['Ann', 'Ben']);
    });
  } finally {
    await closeAll(users);
    await noCameraBrowser.close();
  }
});
