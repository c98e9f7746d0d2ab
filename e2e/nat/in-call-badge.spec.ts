import { joinMeeting, openApp, tileOf, type User } from '../app-driver.js';
import { expect, test, type Lab } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';

type Seat = readonly [hostName: string, name: string];

/** Two people meet through the web app's UI; by default behind two symmetric NATs. */
async function meetThroughApp(
  lab: Lab,
  server: string,
  seats: readonly [Seat, Seat] = [
    ['syma-h1', 'Sam'],
    ['symb-h1', 'Sky'],
  ],
): Promise<[User, User]> {
  const room = `badge-${String(Date.now())}`;
  const users: User[] = [];
  for (const [hostName, name] of seats) {
    const user = await openApp(await lab.browser(lab.host(hostName)), name);
    await user.page.goto(`${server}/r/${room}`);
    await joinMeeting(user.page, name);
    users.push(user);
  }
  const [sam, sky] = users;
  if (!sam || !sky) throw new Error('unreachable');
  return [sam, sky];
}

test.describe('the in-call badge', () => {
  let users: User[] = [];
  test.afterEach(async () => {
    await Promise.all(users.map((user) => user.context.close()));
    users = [];
  });

  test('without TURN: the tile says the call failed and that TURN is missing', async ({ lab }) => {
    const [sam, sky] = (users = await meetThroughApp(lab, lab.services.stunOnly));
    for (const [viewer, other] of [
      [sam, 'Sky'],
      [sky, 'Sam'],
    ] as const) {
      const hint = tileOf(viewer.page, other).locator('.tile-hint');
      // First "still connecting: no TURN server configured", then, once ICE has failed:
      await expect(hint).toHaveText('connection failed: no TURN server configured', {
        timeout: 45_000,
      });
      await expect(tileOf(viewer.page, other)).not.toHaveAttribute(
        'data-connection-state',
        'connected',
      );
    }
    recordResult({
      kind: 'badge',
      pairing: 'symmetric ↔ symmetric',
      turn: false,
      hint: await tileOf(sam.page, 'Sky').locator('.tile-hint').innerText(),
    });
  });

  test('with TURN: the same two connect, and the badge shows the relayed pair', async ({ lab }) => {
    const [sam, sky] = (users = await meetThroughApp(lab, lab.services.withTurn));
    await expect(tileOf(sam.page, 'Sky')).toHaveAttribute('data-connection-state', 'connected');
    await expect(tileOf(sky.page, 'Sam')).toHaveAttribute('data-connection-state', 'connected');
    const badge = tileOf(sam.page, 'Sky').locator('.tile-badge');
    await expect(badge).toHaveText(/relay|prflx/);
    recordResult({
      kind: 'badge',
      pairing: 'symmetric ↔ symmetric',
      turn: true,
      badge: (await badge.textContent()) ?? '',
    });
  });

  test('guest Wi-Fi: two people on one isolated LAN connect through TURN, and the badge says why', async ({
    lab,
  }) => {
    const [gus, gia] = (users = await meetThroughApp(lab, lab.services.withTurn, [
      ['guest-h1', 'Gus'],
      ['guest-h2', 'Gia'],
    ]));
    for (const [viewer, other] of [
      [gus, 'Gia'],
      [gia, 'Gus'],
    ] as const) {
      const tile = tileOf(viewer.page, other);
      await expect(tile).toHaveAttribute('data-connection-state', 'connected');
      await expect(tile.locator('.tile-badge')).toHaveText(/^relay · /);
      await expect(tile.locator('.tile-hint')).toHaveText(
        'relayed: your network keeps devices apart',
      );
    }
    recordResult({
      kind: 'badge',
      pairing: 'guest Wi-Fi (client isolation)',
      turn: true,
      badge: (await tileOf(gus.page, 'Gia').locator('.tile-badge').textContent()) ?? '',
      hint: await tileOf(gus.page, 'Gia').locator('.tile-hint').innerText(),
    });
  });
});
