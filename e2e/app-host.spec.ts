import type { Page } from '@playwright/test';
import {
  closeAll,
  DESKTOP,
  expectSeesAndHears,
  joinMeeting,
  openApp,
  PHONE,
  screenshot,
  tileOf,
  type User,
} from './app-driver.js';
import { expect, test } from './fixtures.js';
import type { PageScripts } from './support/browser-page.js';
import { joinMeetingAs, test as mixedTest } from './support/mixed-meeting.js';
import { recordPeerConnections } from './support/peer-connections.js';

// Running a meeting through the UI, in one meeting reused step by step: the first person
// is host; lobby knock -> Admit and -> Deny; ask to mute; lock, then a newcomer is
// refused; remove, and the removed person cannot come back while locked; passcode wrong
// and right; the host leaves and the next oldest is host; end the meeting for all.

const ROOM = 'host-controls';

async function menu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'More options' }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

async function openParticipants(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Participants' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** A participant's row in the participants list, by their name. */
function rowOf(page: Page, name: string) {
  return page.locator('.people-list > li').filter({ hasText: name });
}

/** Types the name (and passcode) on the pre-join page and presses Join, whatever follows. */
async function pressJoin(page: Page, name: string, passcode?: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  if (passcode !== undefined)
    await page.getByLabel('Passcode (only if the meeting has one)').fill(passcode);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

async function expectEnded(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
}

/** Whether every microphone track this page sends is switched off (sends silence). */
async function microphoneSendsSilence(page: PageScripts): Promise<boolean> {
  return page.evaluate(() => {
    const senders = (window.confabTestPeerConnections ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .filter((sender) => sender.track?.kind === 'audio');
    return senders.length > 0 && senders.every((sender) => sender.track?.enabled === false);
  });
}

test('host controls: lobby, mute request, lock, remove, passcode, hand-over, end for all', async ({
  browser,
  confab,
}) => {
  test.setTimeout(120_000);
  const users: User[] = [];
  const person = async (name: string): Promise<User> => {
    const user = await openApp(browser, name);
    await user.context.addInitScript(recordPeerConnections);
    users.push(user);
    await user.page.goto(`${confab.url}/r/${ROOM}`);
    return user;
  };
  try {
    const ann = await test.step('the first person in an open room is its host', async () => {
      const user = await person('Ann');
      await joinMeeting(user.page, 'Ann');
      await openParticipants(user.page);
      await expect(rowOf(user.page, 'Ann').getByText('Host', { exact: true })).toBeVisible();
      return user;
    });

    const ben =
      await test.step('lobby on: Ben knocks, waits with his preview, Ann admits', async () => {
        await menu(ann.page, 'Turn on lobby');
        const user = await person('Ben');
        await pressJoin(user.page, 'Ben');
        const waiting = user.page.getByRole('dialog', { name: 'Waiting for the host' });
        await expect(waiting).toBeVisible();
        await expect
          .poll(() =>
            waiting.locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth),
          )
          .toBeGreaterThan(0);
        // A waiting connection is in no member list: Ann sees no tile of Ben yet.
        const lobby = ann.page.getByRole('list', { name: 'Waiting in the lobby' });
        await expect(lobby.getByText('Ben')).toBeVisible();
        await expect(tileOf(ann.page, 'Ben')).toHaveCount(0);
        await screenshot(user.page, 'lobby-waiting-desktop');
        await user.page.setViewportSize(PHONE);
        await screenshot(user.page, 'lobby-waiting-phone');
        await user.page.setViewportSize(DESKTOP);
        await screenshot(ann.page, 'host-lobby-desktop');
        await ann.page.setViewportSize(PHONE);
        await screenshot(ann.page, 'host-lobby-phone');
        await ann.page.setViewportSize(DESKTOP);
        await lobby.getByRole('button', { name: 'Admit' }).click();
        await expect(waiting).toBeHidden();
        await expectSeesAndHears(ann, ['Ben']);
        await expectSeesAndHears(user, ['Ann']);
        await openParticipants(user.page);
        await expect(rowOf(user.page, 'Ann').getByText('Host', { exact: true })).toBeVisible();
        return user;
      });

    await test.step('Chen knocks and Ann denies', async () => {
      const chen = await person('Chen');
      await pressJoin(chen.page, 'Chen');
      await expect(chen.page.getByRole('heading', { name: 'Waiting for the host' })).toBeVisible();
      await ann.page
        .getByRole('list', { name: 'Waiting in the lobby' })
        .getByRole('button', { name: 'Deny' })
        .click();
      await expectEnded(chen.page, 'The host did not let you in');
      await chen.context.close();
    });

    await test.step('ask to mute: Ben’s microphone goes off, only Ben can turn it on', async () => {
      expect(await microphoneSendsSilence(ben.page)).toBe(false);
      await rowOf(ann.page, 'Ben').getByRole('button', { name: 'Ask to mute' }).click();
      await expect(ben.page.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
      await expect.poll(() => microphoneSendsSilence(ben.page)).toBe(true);
      await expect(
        rowOf(ann.page, 'Ben').getByRole('img', { name: 'Microphone off' }),
      ).toBeVisible();
      // There is nothing for the host to turn it back on with.
      await expect(rowOf(ann.page, 'Ben').getByRole('button', { name: /unmute/i })).toHaveCount(0);
      await screenshot(ann.page, 'host-controls-desktop');
      await ann.page.getByRole('button', { name: 'More options' }).click();
      await expect(ann.page.getByRole('menuitem', { name: 'End meeting for all' })).toBeVisible();
      await screenshot(ann.page, 'host-menu-desktop');
      await ann.page.keyboard.press('Escape');
      // Ben is no host: none of the host's entries are in his menu.
      await ben.page.getByRole('button', { name: 'More options' }).click();
      await expect(ben.page.getByRole('menuitem', { name: 'Speaker view' })).toBeVisible();
      await expect(ben.page.getByRole('menuitem', { name: 'End meeting for all' })).toBeHidden();
      await ben.page.keyboard.press('Escape');
    });

    await test.step('locked: a newcomer with the link is refused', async () => {
      await menu(ann.page, 'Lock meeting');
      await expect(ann.page.getByRole('img', { name: /Meeting locked/ })).toBeVisible();
      const dan = await person('Dan');
      await pressJoin(dan.page, 'Dan');
      await expectEnded(dan.page, 'This meeting is locked');
      await dan.context.close();
    });

    await test.step('removed: Ben is out and cannot come back while locked', async () => {
      await rowOf(ann.page, 'Ben').getByRole('button', { name: 'Remove' }).click();
      await expectEnded(ben.page, 'You were removed from the meeting');
      await expect(tileOf(ann.page, 'Ben')).toHaveCount(0);
      await ben.page.goto(`${confab.url}/r/${ROOM}`);
      await pressJoin(ben.page, 'Ben');
      await expectEnded(ben.page, 'This meeting is locked');
    });

    const chen = await test.step('passcode: wrong is refused, right gets in', async () => {
      await menu(ann.page, 'Unlock meeting');
      await menu(ann.page, 'Turn off lobby');
      await menu(ann.page, 'Set passcode');
      await ann.page.getByLabel('New passcode').fill('tulip-42');
      await ann.page.getByRole('button', { name: 'Save passcode' }).click();
      const user = await person('Chen');
      await pressJoin(user.page, 'Chen');
      await expectEnded(user.page, 'This meeting needs a passcode');
      await user.page.getByRole('button', { name: 'Rejoin' }).click();
      await pressJoin(user.page, 'Chen', 'tulip-41');
      await expectEnded(user.page, 'Wrong passcode');
      await user.page.getByRole('button', { name: 'Rejoin' }).click();
      await pressJoin(user.page, 'Chen', 'tulip-42');
      await expect(user.page.getByRole('button', { name: 'Leave' })).toBeVisible();
      await ben.page.goto(`${confab.url}/r/${ROOM}`);
      await pressJoin(ben.page, 'Ben', 'tulip-42');
      await expect(ben.page.getByRole('button', { name: 'Leave' })).toBeVisible();
      await expectSeesAndHears(user, ['Ann', 'Ben']);
      return user;
    });

    await test.step('the host leaves: the next oldest (Chen) is host and ends it for all', async () => {
      await ann.page.getByRole('button', { name: 'Leave' }).click();
      await openParticipants(chen.page);
      await expect(rowOf(chen.page, 'Chen').getByText('Host', { exact: true })).toBeVisible();
      await openParticipants(ben.page);
      await expect(rowOf(ben.page, 'Chen').getByText('Host', { exact: true })).toBeVisible();
      await menu(chen.page, 'End meeting for all');
      await expectEnded(ben.page, 'The meeting has ended');
      await expectEnded(chen.page, 'The meeting has ended');
    });
  } finally {
    await closeAll(users.filter((user) => !user.page.isClosed()));
  }
});

mixedTest(
  'a Firefox guest knocks, is admitted, asked to mute and removed by a Chromium host',
  async ({ open, confab }) => {
    const room = `${confab.url}/r/host-firefox`;
    const ann = await open('chromium', 'Ann');
    await ann.goto(room);
    await joinMeetingAs(ann, 'Ann');
    // Joined as host (the page shows the meeting before the server's welcome arrives).
    await ann.clickByRole('button', 'Participants');
    await ann.waitForFunction(
      () => document.querySelector('.people-list .host-badge') !== null,
      null,
    );
    // BrowserPage clicks buttons by role; the "Turn on lobby" menu item is a menuitem.
    await ann.evaluate(() => {
      document.querySelector<HTMLButtonElement>('.menu-item[data-action="lobby"]')?.click();
    });
    await ann.waitForFunction(
      () => document.querySelector('[data-action="lobby"].on') !== null,
      null,
    );
    const ben = await open('firefox', 'Ben');
    await ben.goto(room);
    await ben.fillByLabel('Your name', 'Ben');
    await ben.clickByRole('button', 'Join');
    await ben.waitForRole('heading', 'Waiting for the host');
    await ann.clickByRole('button', 'Admit');
    await ben.waitForFunction(
      () => document.querySelector<HTMLElement>('.waiting-screen')?.hidden === true,
      null,
    );
    await expectSeesAndHears({ name: 'Ann', page: ann }, ['Ben']);
    await expectSeesAndHears({ name: 'Ben', page: ben }, ['Ann']);
    expect(await microphoneSendsSilence(ben)).toBe(false);
    await ann.clickByRole('button', 'Ask to mute');
    await ben.waitForRole('button', 'Unmute microphone');
    await expect.poll(() => microphoneSendsSilence(ben)).toBe(true);
    await ann.clickByRole('button', 'Remove');
    await ben.waitForRole('heading', 'You were removed from the meeting');
  },
);
