import { closeAll, joinMeeting, openApp, tileOf, type User } from './app-driver.js';
import { joinRoom, leaveAll, type Participant } from './client-harness.js';
import { expect, test } from './fixtures.js';

// Without WebRTC nobody can connect: the browser that lacks it says so before anything
// else, and the others never show such a participant as "connecting".
test.describe('browsers without WebRTC', () => {
  let users: User[] = [];
  let library: Participant[] = [];
  test.afterEach(async () => {
    await closeAll(users);
    await leaveAll(library);
    users = [];
    library = [];
  });

  test('a browser without RTCPeerConnection gets a clear page instead of the pre-join page', async ({
    browser,
    confab,
  }) => {
    for (const [locale, title] of [
      ['en-US', 'This browser cannot do video calls'],
      ['zh-CN', '此浏览器无法进行视频通话'],
    ] as const) {
      const user = await openApp(browser, `old-${locale}`, { locale });
      users.push(user);
      await user.context.addInitScript(() => {
        Reflect.deleteProperty(window, 'RTCPeerConnection');
      });
      await user.page.goto(`${confab.url}/r/no-webrtc`);
      await expect(user.page.getByRole('heading', { name: title })).toBeVisible();
      await expect(user.page.locator('#name-input')).toHaveCount(0);
    }
    const [english] = users;
    if (english === undefined) throw new Error('unreachable');
    await english.page.getByRole('button', { name: 'Back to home' }).click();
    await expect(english.page.getByRole('button', { name: 'New meeting' })).toBeVisible();
  });

  test('a participant that joined without WebRTC is shown as “can’t connect”, never connecting', async ({
    browser,
    confab,
  }) => {
    const ann = await openApp(browser, 'Ann');
    users.push(ann);
    await ann.page.goto(`${confab.url}/r/mixed`);
    await joinMeeting(ann.page, 'Ann');
    library.push(
      await joinRoom(browser, confab.url, 'mixed', 'Wes', { withoutWebRTC: true, media: 'none' }),
    );
    const tile = tileOf(ann.page, 'Wes');
    await expect(tile).toHaveAttribute('data-connection-state', 'unsupported');
    await expect(tile.getByRole('status')).toHaveText(
      'can’t connect: their browser cannot do video calls',
    );
    await expect(tile.locator('.tile-overlay')).toBeHidden();
    await ann.page.getByRole('button', { name: 'Participants' }).click();
    await expect(ann.page.locator('.person[data-connection-state="unsupported"]')).toContainText(
      'Can’t connect',
    );
  });
});
