import type { Page } from '@playwright/test';
import { closeAll, joinMeeting, openApp, tileOf, type User } from './app-driver.js';
import { expect, startConfab, test } from './fixtures.js';

// Issue 17, faster joins: everything that does not need the click happens on the pre-join
// page. Its signaling connection is open (and has said `hello`) before anyone clicks; the
// click sends `join` on that same connection; nobody is in the room before the click.

interface SocketLog {
  readonly readyState: number;
  readonly sent: string[];
}

declare global {
  interface Window {
    confabTestSockets?: { socket: WebSocket; sent: string[] }[];
    /** The most WebSockets the page ever had open (or opening) at once. */
    confabTestMaxOpen?: number;
  }
}

/** Init script: every WebSocket the page opens, and the `type` of each message it sends. */
function recordSockets(): void {
  const sockets: { socket: WebSocket; sent: string[] }[] = [];
  window.confabTestSockets = sockets;
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    readonly #entry = { socket: this as WebSocket, sent: [] as string[] };

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this.#entry);
      const live = sockets.filter((s) => s.socket.readyState <= WebSocket.OPEN).length;
      window.confabTestMaxOpen = Math.max(window.confabTestMaxOpen ?? 0, live);
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      super.send(data);
      const type = typeof data === 'string' ? (JSON.parse(data) as { type?: string }).type : '';
      // Keepalive pings come and go with time; what matters is hello and join.
      if (type !== 'ping') this.#entry.sent.push(type ?? '');
    }
  };
}

const maxOpen = (page: Page): Promise<number> => page.evaluate(() => window.confabTestMaxOpen ?? 0);

const sockets = (page: Page): Promise<SocketLog[]> =>
  page.evaluate(() =>
    (window.confabTestSockets ?? []).map(({ socket, sent }) => ({
      readyState: socket.readyState,
      sent: [...sent],
    })),
  );

async function openRoom(user: User, url: string): Promise<void> {
  await user.page.addInitScript(recordSockets);
  await user.page.goto(url);
}

test('the pre-join page is connected before the click; the click joins on that connection', async ({
  browser,
  confab,
}) => {
  const users: User[] = [];
  try {
    const ann = await openApp(browser, 'Ann');
    users.push(ann);
    await openRoom(ann, `${confab.url}/r/early`);
    await test.step('before the click: one open connection that said hello, nobody joined', async () => {
      await expect.poll(() => sockets(ann.page)).toEqual([{ readyState: 1, sent: ['hello'] }]);
      await ann.page.getByLabel('Your name').fill('Ann');
      expect(confab.server.hub.stats().members).toBe(0);
      expect(await sockets(ann.page)).toEqual([{ readyState: 1, sent: ['hello'] }]);
    });
    await test.step('the click sends join on the same connection', async () => {
      await joinMeeting(ann.page, 'Ann');
      await expect.poll(() => confab.server.hub.stats().members).toBe(1);
      const [only, ...more] = await sockets(ann.page);
      expect(more).toEqual([]);
      expect(only?.readyState).toBe(1);
      expect(only?.sent.slice(0, 2)).toEqual(['hello', 'join']);
      expect(await maxOpen(ann.page)).toBe(1);
    });
    await test.step('someone else joins the same way; they see each other', async () => {
      const bob = await openApp(browser, 'Bob');
      users.push(bob);
      await openRoom(bob, `${confab.url}/r/early`);
      await expect.poll(() => sockets(bob.page)).toEqual([{ readyState: 1, sent: ['hello'] }]);
      await joinMeeting(bob.page, 'Bob');
      await expect(tileOf(ann.page, 'Bob')).toHaveAttribute('data-connection-state', 'connected');
      await expect(tileOf(bob.page, 'Ann')).toHaveAttribute('data-connection-state', 'connected');
      expect(await sockets(bob.page)).toHaveLength(1);
    });
  } finally {
    await closeAll(users);
  }
});

test('a pre-join page whose idle connection the server closed still joins, on one new connection', async ({
  browser,
}) => {
  const confab = await startConfab({ preJoinTimeoutMs: 300 });
  const users: User[] = [];
  try {
    const ann = await openApp(browser, 'Ann');
    users.push(ann);
    await openRoom(ann, `${confab.url}/r/idle`);
    // The server closes the connection that waited too long without joining.
    await expect.poll(() => sockets(ann.page)).toEqual([{ readyState: 3, sent: ['hello'] }]);
    await joinMeeting(ann.page, 'Ann');
    await expect.poll(() => confab.server.hub.stats().members).toBe(1);
    // Reopened when Ann went to the form (and, had that one idled out too, by the call):
    // never two connections at once, one join, on the connection that is open now.
    const log = await sockets(ann.page);
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.map((s) => s.readyState)).toEqual([...log.slice(1).map(() => 3), 1]);
    expect(log.flatMap((s) => s.sent).filter((type) => type === 'join')).toEqual(['join']);
    expect(log.at(-1)?.sent).toContain('join');
    expect(await maxOpen(ann.page)).toBe(1);
    await expect(ann.page.getByText('You are the only one here')).toBeVisible();
  } finally {
    await closeAll(users);
    await confab.server.close();
  }
});

test('with the camera off, the preview shows the initials of the name as it is typed', async ({
  browser,
  confab,
}) => {
  const ann = await openApp(browser, 'Ann');
  try {
    await ann.page.goto(`${confab.url}/r/initials`);
    const preview = ann.page.locator('.preview');
    const avatar = preview.locator('.preview-avatar');
    await ann.page.getByRole('button', { name: 'Turn off camera' }).click();
    await expect(preview.getByText('Camera is off')).toBeVisible();
    await ann.page.getByLabel('Your name').fill('ann lee');
    await expect(avatar).toHaveText('AL');
    await expect(avatar).toBeVisible();
    await ann.page.getByLabel('Your name').fill('Élodie');
    await expect(avatar).toHaveText('É');
    // No name yet: no initials to show, only the words.
    await ann.page.getByLabel('Your name').fill('');
    await expect(avatar).toBeHidden();
    await expect(preview.getByText('Camera is off')).toBeVisible();
  } finally {
    await closeAll([ann]);
  }
});
