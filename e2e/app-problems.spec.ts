import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintRoomToken } from '../src/server/index.js';
import {
  closeAll,
  configuredLaunchOptions,
  expectSeesAndHears,
  joinMeeting,
  openApp,
  tileOf,
  type User,
} from './app-driver.js';
import { expect, startConfab, test, WEB_DIR } from './fixtures.js';
import { TcpProxy } from './tcp-proxy.js';

// Connection and device problems are visible, never silent.
test.describe('the web app when things go wrong', () => {
  let users: User[] = [];
  test.afterEach(async () => {
    await closeAll(users);
    users = [];
  });

  test('camera and microphone blocked: a clear message, and joining still works to watch and listen', async ({
    browser,
    confab,
    playwright,
  }) => {
    // A browser without the auto-accepting permission prompt: the request is denied.
    const options = configuredLaunchOptions();
    const strict = await playwright.chromium.launch({
      ...options,
      args: (options.args ?? []).filter((arg) => arg !== '--use-fake-ui-for-media-stream'),
    });
    try {
      const ann = await openApp(browser, 'Ann');
      const eveContext = await strict.newContext();
      const eve: User = { name: 'Eve', context: eveContext, page: await eveContext.newPage() };
      users = [ann, eve];
      await ann.page.goto(`${confab.url}/r/blocked-devices`);
      await joinMeeting(ann.page, 'Ann');

      await eve.page.goto(`${confab.url}/r/blocked-devices`);
      await expect(eve.page.getByRole('alert')).toHaveText(/Camera and microphone are blocked/);
      await joinMeeting(eve.page, 'Eve');
      // Eve sees and hears Ann; Ann sees Eve's avatar.
      await expectSeesAndHears(eve, ['Ann']);
      await expect(tileOf(ann.page, 'Eve')).toHaveAttribute('data-connection-state', 'connected');
      await expect(tileOf(ann.page, 'Eve')).toHaveAttribute('data-video', 'off');
      await expect(tileOf(ann.page, 'Eve').locator('.avatar')).toBeVisible();
      await expect(
        tileOf(ann.page, 'Eve').getByRole('img', { name: 'Microphone off' }),
      ).toBeVisible();
      await expect(eve.page.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
    } finally {
      await closeAll(users);
      users = [];
      await strict.close();
    }
  });

  test('a full room says so', async ({ browser }) => {
    const confab = await startConfab({ roomCapacity: 1 });
    try {
      const ann = await openApp(browser, 'Ann');
      const ben = await openApp(browser, 'Ben');
      users = [ann, ben];
      await ann.page.goto(`${confab.url}/r/tiny`);
      await joinMeeting(ann.page, 'Ann');
      await ben.page.goto(`${confab.url}/r/tiny`);
      await ben.page.getByLabel('Your name').fill('Ben');
      await ben.page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(ben.page.getByRole('heading', { name: 'This meeting is full' })).toBeVisible();
      await expect(ben.page.getByRole('button', { name: 'Rejoin' })).toBeVisible();
    } finally {
      await closeAll(users);
      users = [];
      await confab.server.close();
    }
  });

  test('a server that requires invitations: refused without a token, admitted with the invite link', async ({
    browser,
  }) => {
    const secret = 'test-secret-for-room-tokens-0123456789';
    const confab = await startConfab({ authSecret: secret });
    try {
      const ann = await openApp(browser, 'Ann');
      users = [ann];
      await ann.page.goto(`${confab.url}/r/board`);
      await ann.page.getByLabel('Your name').fill('Ann');
      await ann.page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(
        ann.page.getByRole('heading', { name: 'You are not allowed into this meeting' }),
      ).toBeVisible();

      const token = await mintRoomToken(secret, 'board', 600);
      await ann.page.goto(`${confab.url}/r/board#token=${token}`);
      await joinMeeting(ann.page, 'Ann');
      await expect(ann.page.getByText('You are the only one here')).toBeVisible();
    } finally {
      await closeAll(users);
      users = [];
      await confab.server.close();
    }
  });

  test('a participant whose computer stalls: their tile says reconnecting, then recovers', async ({
    browser,
    confab,
    playwright,
  }) => {
    // Ben's browser runs as its own process group, so the test can freeze all of it.
    const server = await playwright.chromium.launchServer(configuredLaunchOptions());
    const pid = server.process().pid;
    if (pid === undefined) throw new Error('no browser process');
    let frozen = false;
    try {
      const benBrowser = await playwright.chromium.connect(server.wsEndpoint());
      const ann = await openApp(browser, 'Ann');
      const benContext = await benBrowser.newContext();
      const ben: User = { name: 'Ben', context: benContext, page: await benContext.newPage() };
      users = [ann, ben];
      await ann.page.goto(`${confab.url}/r/stall`);
      await joinMeeting(ann.page, 'Ann');
      await ben.page.goto(`${confab.url}/r/stall`);
      await joinMeeting(ben.page, 'Ben');
      await expectSeesAndHears(ann, ['Ben']);

      process.kill(-pid, 'SIGSTOP');
      frozen = true;
      // No answers to ICE consent checks: Ann's side notices, says so, and restarts ICE.
      const tile = tileOf(ann.page, 'Ben');
      await expect(tile).toHaveAttribute('data-connection-state', 'reconnecting', {
        timeout: 30_000,
      });
      await expect(tile.getByRole('status')).toHaveText('reconnecting…');
      process.kill(-pid, 'SIGCONT');
      frozen = false;
      await expect(tile).toHaveAttribute('data-connection-state', 'connected', { timeout: 30_000 });
      await expect(tile.getByRole('status')).toBeHidden();
      await expectSeesAndHears(ann, ['Ben']);
    } finally {
      if (frozen) process.kill(-pid, 'SIGCONT');
      await closeAll(users);
      users = [];
      await server.close();
    }
  });

  test('a meeting past the configured mesh size warns, and the warning goes when it shrinks', async ({
    browser,
  }) => {
    // The admin's way: edit the meta tag in the built index.html (here: warn above 2).
    const staticDir = await mkdtemp(join(tmpdir(), 'confab-web-'));
    await cp(WEB_DIR, staticDir, { recursive: true });
    const index = join(staticDir, 'index.html');
    const html = await readFile(index, 'utf8');
    const edited = html.replace(
      /(name="confab:mesh-warning-size" content=")\d+/,
      (_match, prefix: string) => `${prefix}2`,
    );
    expect(edited).not.toBe(html);
    await writeFile(index, edited);
    const confab = await startConfab({ staticDir });
    try {
      for (const name of ['Ann', 'Ben', 'Chen']) {
        const user = await openApp(browser, name);
        users.push(user);
        await user.page.goto(`${confab.url}/r/crowded`);
        await joinMeeting(user.page, name);
      }
      const [ann, , chen] = users;
      if (ann === undefined || chen === undefined) throw new Error('unreachable');
      const warning = ann.page.getByRole('alert').filter({
        hasText: 'This meeting has 3 people. Peer-to-peer meetings work best with up to 2',
      });
      await expect(warning).toBeVisible();
      await chen.page.getByRole('button', { name: 'Leave' }).click();
      await expect(warning).toBeHidden();
    } finally {
      await closeAll(users);
      users = [];
      await confab.server.close();
      await rm(staticDir, { recursive: true, force: true });
    }
  });

  test('signaling lost: a reconnecting banner while the call goes on; server shutdown: its own banner', async ({
    browser,
    confab,
  }) => {
    const { port } = new URL(confab.url);
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(port) });
    try {
      const ann = await openApp(browser, 'Ann');
      const ben = await openApp(browser, 'Ben');
      users = [ann, ben];
      // Ann reaches the server through a proxy the test can cut.
      await ann.page.goto(`${proxy.url}/r/flaky`);
      await joinMeeting(ann.page, 'Ann');
      await ben.page.goto(`${confab.url}/r/flaky`);
      await joinMeeting(ben.page, 'Ben');
      await expectSeesAndHears(ann, ['Ben']);

      proxy.block();
      const banner = ann.page
        .getByRole('alert')
        .filter({ hasText: 'Connection to the server lost' });
      await expect(banner).toBeVisible();
      // Media is peer to peer: the call goes on.
      await expectSeesAndHears(ann, ['Ben']);
      proxy.unblock();
      await expect(banner).toBeHidden({ timeout: 30_000 });
      await expect(tileOf(ann.page, 'Ben')).toHaveAttribute('data-connection-state', 'connected');

      void confab.server.drain();
      await expect(
        ben.page.getByRole('alert').filter({ hasText: 'The server is restarting' }),
      ).toBeVisible();
    } finally {
      await closeAll(users);
      users = [];
      await proxy.close();
    }
  });
});
