import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import {
  closeAll,
  DESKTOP,
  expectSeesAndHears,
  joinMeeting,
  openApp,
  PHONE,
  screenshot,
  seriousA11yViolations,
  tileOf,
  type User,
} from './app-driver.js';
import { expect, test } from './fixtures.js';

// The everyday features through the UI, in one three-person meeting reused step by step:
// invite QR code, raise hand order, reactions, layouts and pin, a 5 MB file to two people,
// a recording that plays, and screenshots with the participants list.

/** The raised-hands queue as one person sees it, "You" replaced by their own name. */
async function handQueue(user: User): Promise<string[]> {
  const names = await user.page
    .getByRole('list', { name: 'Raised hands' })
    .getByRole('listitem')
    .allTextContents();
  return names.map((name) => (name === 'You' ? user.name : name));
}

async function openParticipants(user: User): Promise<void> {
  const button = user.page.getByRole('button', { name: 'Participants' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

async function menu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'More options' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('everyday features: QR invite, hands, reactions, layouts, a file, a recording', async ({
  browser,
  confab,
}) => {
  test.setTimeout(150_000);
  const users: User[] = [];
  try {
    const [ann, ben, chen] = await test.step('three people meet', async () => {
      const room = `${confab.url}/r/features`;
      for (const name of ['Ann', 'Ben', 'Chen']) {
        const user = await openApp(browser, name);
        users.push(user);
        await user.page.goto(room);
        await joinMeeting(user.page, name);
      }
      const [a, b, c] = users as [User, User, User];
      await expectSeesAndHears(a, ['Ben', 'Chen']);
      await expectSeesAndHears(b, ['Ann', 'Chen']);
      await expectSeesAndHears(c, ['Ann', 'Ben']);
      return [a, b, c] as const;
    });

    await test.step('the invite link as a QR code beside "Copy invite link"', async () => {
      await ann.page.getByRole('button', { name: 'Show invite QR code' }).click();
      const dialog = ann.page.getByRole('dialog', { name: 'Invite by QR code' });
      const link = `${confab.url}/r/features`;
      await expect(
        dialog.getByRole('img', { name: `QR code of the invite link ${link}` }),
      ).toBeVisible();
      await expect(dialog.getByText(link)).toBeVisible();
      await ann.page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });

    await test.step('raised hands: one queue, the same for everyone', async () => {
      for (const user of users) await openParticipants(user);
      // The open list says how each connection travels (left out while it is closed).
      await expect(
        ann.page.locator('.people-list [data-peer-id]').filter({ hasText: 'Ben' }),
      ).toContainText(/ · (udp|tcp) · /);
      for (const [user, expected] of [
        [ann, ['Ann']],
        [chen, ['Ann', 'Chen']],
        [ben, ['Ann', 'Chen', 'Ben']],
      ] as const) {
        await user.page.getByRole('button', { name: 'Raise hand' }).click();
        await expect(user.page.getByRole('button', { name: 'Lower hand' })).toBeVisible();
        for (const viewer of users) await expect.poll(() => handQueue(viewer)).toEqual(expected);
      }
      // Every tile says who is where in the line.
      await expect(
        tileOf(ann.page, 'Ben').getByRole('img', { name: 'Hand raised, number 3 in line' }),
      ).toBeVisible();
      await screenshot(ann.page, 'meeting-hands-desktop');
      expect(await seriousA11yViolations(ann.page)).toEqual([]);
      await ann.page.setViewportSize(PHONE);
      await screenshot(ann.page, 'meeting-hands-phone');
      await ann.page.setViewportSize(DESKTOP);
      await chen.page.getByRole('button', { name: 'Lower hand' }).click();
      for (const viewer of users)
        await expect.poll(() => handQueue(viewer)).toEqual(['Ann', 'Ben']);
    });

    await test.step('a reaction shows over the sender’s tile for everyone', async () => {
      await ben.page.getByRole('button', { name: 'Reactions' }).click();
      await ben.page.getByRole('button', { name: 'Thumbs up' }).click();
      for (const viewer of [ann, chen])
        await expect(tileOf(viewer.page, 'Ben').locator('.tile-effects')).toContainText('👍');
      await expect(ben.page.locator('[data-self] .tile-effects')).toContainText('👍');
      await ben.page.keyboard.press('Escape');
    });

    await test.step('speaker view, pin and unpin, grid view', async () => {
      const grid = ann.page.locator('.video-grid');
      await menu(ann.page, 'Speaker view');
      await expect(grid).toHaveAttribute('data-layout', 'speaker');
      await expect(grid.locator('.stage > .tile')).toHaveCount(1);
      await tileOf(ann.page, 'Chen').hover();
      await ann.page.getByRole('button', { name: 'Pin Chen' }).click();
      await expect(grid).toHaveAttribute('data-layout', 'pinned');
      await expect(grid.locator('.stage > .tile')).toHaveAttribute('aria-label', 'Chen');
      await ann.page.getByRole('button', { name: 'Unpin Chen' }).click();
      await menu(ann.page, 'Grid view');
      await expect(grid).toHaveAttribute('data-layout', 'grid');
      await expect(grid.locator('.stage > .tile')).toHaveCount(0);
      // The others' videos kept playing through the moves.
      await expectSeesAndHears(ann, ['Ben', 'Chen']);
    });

    await test.step('a 5 MB file to both others, arriving with the same SHA-256', async () => {
      const bytes = randomBytes(5 * 1024 * 1024);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await ann.page.getByRole('button', { name: 'Files' }).click();
      await expect(ann.page.getByLabel('Send to')).toHaveValue('*');
      await ann.page
        .getByLabel('Choose a file')
        .setInputFiles({ name: 'report.bin', mimeType: 'application/octet-stream', buffer: bytes });
      for (const receiver of [ben, chen]) {
        const row = receiver.page.locator('.transfer[data-direction="in"]');
        await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
        await expect(row).toHaveAttribute('data-sha256', sha256);
        // What the Save link holds, saved as a person saves it, hashes the same.
        const file = await download(receiver.page, '.transfer a[download]');
        const saved = {
          name: file.name,
          size: file.bytes.length,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
        };
        expect(saved).toEqual({ name: 'report.bin', size: bytes.length, sha256 });
      }
      const sent = ann.page.locator('.transfer[data-direction="out"]');
      await expect(sent).toHaveCount(2);
      for (const row of await sent.all()) await expect(row).toHaveAttribute('data-state', 'done');
      const status = await sent.first().locator('.transfer-status').textContent();
      console.log(`5 MB to two people, peer to peer: ${status ?? ''}`);
      test
        .info()
        .annotations.push({ type: 'file transfer (mesh, 5 MB × 2)', description: status ?? '' });
    });

    await test.step('a recording everyone is told about, which plays', async () => {
      await menu(ann.page, 'Start recording');
      await expect(
        ann.page.getByRole('status').filter({ hasText: 'You are recording' }),
      ).toBeVisible();
      for (const viewer of [ben, chen])
        await expect(
          viewer.page.getByRole('status').filter({ hasText: 'Recording: Ann' }),
        ).toBeVisible();
      // A newcomer is told too.
      const dee = await openApp(browser, 'Dee');
      users.push(dee);
      await dee.page.goto(`${confab.url}/r/features`);
      await joinMeeting(dee.page, 'Dee');
      await expect(
        dee.page.getByRole('status').filter({ hasText: 'Recording: Ann' }),
      ).toBeVisible();
      await expectSeesAndHears(ann, ['Ben', 'Chen', 'Dee']);
      await menu(ann.page, 'Stop recording');
      for (const viewer of [ben, chen, dee])
        await expect(viewer.page.getByText('Recording: Ann')).toBeHidden();
      const save = ann.page.getByRole('link', { name: /^Save recording/ });
      await expect(save).toBeVisible();
      const recording = await download(ann.page, '.recording-result a');
      const played = await ann.page.evaluate(
        async ({ base64, name }) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const blob = new Blob([bytes], { type: 'video/webm' });
          const video = document.createElement('video');
          video.muted = true;
          video.src = URL.createObjectURL(blob);
          await new Promise((resolve, reject) => {
            video.onloadedmetadata = resolve;
            video.onerror = () => {
              reject(new Error(video.error?.message ?? 'cannot decode'));
            };
          });
          // MediaRecorder's WebM has no duration in its header: seeking far makes the
          // browser find the end.
          if (!Number.isFinite(video.duration)) {
            await new Promise((resolve) => {
              video.ondurationchange = () => {
                if (Number.isFinite(video.duration)) resolve(null);
              };
              video.currentTime = Number.MAX_SAFE_INTEGER;
            });
          }
          return {
            name,
            type: blob.type,
            bytes: blob.size,
            duration: video.duration,
            width: video.videoWidth,
            height: video.videoHeight,
          };
        },
        { base64: recording.bytes.toString('base64'), name: recording.name },
      );
      console.log(`recording: ${JSON.stringify(played)}`);
      test.info().annotations.push({ type: 'recording', description: JSON.stringify(played) });
      expect(played.name).toMatch(/^features-.*\.webm$/);
      // A WebM (Matroska) file starts with the EBML magic number.
      expect(recording.bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
      expect(played.duration).toBeGreaterThan(0);
      expect([played.width, played.height]).toEqual([1280, 720]);
    });
  } finally {
    await closeAll(users);
  }
});

/** Saves what a link offers, as the browser's download (the page's CSP allows no fetch of it). */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const link = page.locator(selector).first();
  // A click event, as a person's click on Save: the link may sit in a closed panel.
  const [saved] = await Promise.all([page.waitForEvent('download'), link.dispatchEvent('click')]);
  return { name: saved.suggestedFilename(), bytes: await readFile(await saved.path()) };
}
