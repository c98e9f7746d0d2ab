import { closeAll, joinMeeting, openApp, tileOf, type User } from './app-driver.js';
import { expect, startConfab, test } from './fixtures.js';

const TOKEN = 'admin-token-for-the-e2e-test-0123456789';

// The admin page as an operator uses it: sign in with the admin token, see the live room
// with its members, mode and call quality, remove a member, end the room.
test('the admin page lists live rooms with call quality, removes a member and ends a room', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const confab = await startConfab({ adminToken: TOKEN });
  const users: User[] = [];
  try {
    const [ann, bob, admin] = await Promise.all(
      ['Ann', 'Bob', 'Admin'].map((name) => openApp(browser, name)),
    );
    if (ann === undefined || bob === undefined || admin === undefined) throw new Error('no users');
    users.push(ann, bob, admin);
    for (const user of [ann, bob]) {
      await user.page.goto(`${confab.url}/r/ops-weekly`);
      await joinMeeting(user.page, user.name);
    }
    await expect(tileOf(ann.page, 'Bob')).toBeVisible();

    const card = admin.page.getByRole('article', { name: 'Room ops-weekly' });
    await test.step('a wrong token is refused; the right one shows the room', async () => {
      await admin.page.goto(`${confab.url}/admin`);
      await admin.page.getByLabel('Admin token').fill('not-the-admin-token');
      await admin.page.getByRole('button', { name: 'Show rooms' }).click();
      await expect(admin.page.getByRole('status')).toContainText('Not signed in');
      await admin.page.getByLabel('Admin token').fill(TOKEN);
      await admin.page.getByRole('button', { name: 'Show rooms' }).click();
      await expect(card).toBeVisible();
      await expect(card.locator('.mode')).toHaveText('mesh');
      await expect(card.getByRole('row')).toHaveCount(3);
      await expect(card).toContainText('Ann');
      await expect(card).toContainText('Bob');
    });

    await test.step('each member’s connection quality arrives from its telemetry', async () => {
      // Clients report every 10 s; the page refreshes every 3 s. A direct pair's remote end
      // is peer-reflexive when Bob's check reached Ann before his trickled candidate did.
      const quality = card.locator('tr', { hasText: 'Ann' }).locator('.quality');
      await expect(quality).toContainText(/mesh: host ↔ (host|prflx) · udp · RTT \d+ ms/, {
        timeout: 30_000,
      });
      // The same reports, aggregated in /metrics (no names): both ends of the one
      // connection, direct; Ann measured how long Bob took to connect.
      const metric = async (line: RegExp): Promise<number> => {
        const text = await (await fetch(`${confab.url}/metrics`)).text();
        return Number(line.exec(text)?.[1] ?? Number.NaN);
      };
      const direct = async (): Promise<number> =>
        (await metric(/^confab_calls_by_candidate_type\{type="host"\} (\d+)$/m)) +
        (await metric(/^confab_calls_by_candidate_type\{type="prflx"\} (\d+)$/m));
      await expect.poll(direct, { timeout: 30_000 }).toBe(2);
      expect(await metric(/^confab_relayed_share (\S+)$/m)).toBe(0);
      expect(await metric(/^confab_call_setup_seconds_count (\d+)$/m)).toBeGreaterThanOrEqual(1);
    });

    await test.step('removing Bob ends his meeting for good, and Ann sees him go', async () => {
      await card.getByRole('button', { name: 'Remove Bob' }).click();
      await expect(
        bob.page.getByRole('heading', { name: 'You were removed from the meeting' }),
      ).toBeVisible();
      await expect(bob.page.getByRole('button', { name: 'Rejoin' })).toBeHidden();
      await expect(tileOf(ann.page, 'Bob')).toBeHidden();
      await expect(card.getByRole('row')).toHaveCount(2);
    });

    await test.step('ending the room ends it for Ann, and the list empties', async () => {
      await card.getByRole('button', { name: 'End room ops-weekly' }).click();
      await expect(ann.page.getByRole('heading', { name: 'The meeting has ended' })).toBeVisible();
      await expect(card).toBeHidden();
      await expect(admin.page.getByText('No live rooms.')).toBeVisible();
    });
  } finally {
    await closeAll(users);
    await confab.server.close();
  }
});
