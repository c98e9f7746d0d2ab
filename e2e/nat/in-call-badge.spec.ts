import { joinMeeting, openApp, tileOf, type User } from '../app-driver.js';
import { expect, test, type Lab } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';

/** The nft table this spec adds to a host's namespace (a name no other test uses). */
const UPLINK_TABLE = 'netmsg_uplink';

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

  test('a narrow uplink (nftables polices 0.15 Mbit/s): our own tile and the banner say the upload is too slow', async ({
    lab,
  }) => {
    const [pat, ron] = (users = await meetThroughApp(lab, lab.services.withTurn, [
      ['pub-h1', 'Pat'],
      ['roam-h1', 'Ron'],
    ]));
    await expect(tileOf(pat.page, 'Ron')).toHaveAttribute('data-connection-state', 'connected');
    const self = pat.page.locator('.tile[data-self="true"][data-source="camera"]');
    await expect(self.locator('.tile-hint')).toBeHidden();
    const host = lab.host('pub-h1');
    // Our own table in Pat's namespace: everything Pat sends over UDP (her media) is policed,
    // below what even the fake camera's easy picture needs at her tile's size (at 0.4 Mbit/s
    // it still fits: nothing is reduced, and rightly nothing is said).
    await host.ns.nft(
      [
        `table inet ${UPLINK_TABLE} {`,
        '  chain out {',
        '    type filter hook output priority 0; policy accept;',
        '    meta l4proto udp limit rate over 18750 bytes/second drop',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    try {
      const words = 'Your upload is too slow for 2 people: video reduced.';
      // The senders' estimate learns the narrow link over a few samples (mesh-budget.ts).
      await expect(self.locator('.tile-hint')).toHaveText(words, { timeout: 60_000 });
      await expect(self.locator('.tile-badge .badge-bars')).toHaveAttribute('data-level', 'fair');
      await expect(pat.page.locator('[data-banner="uplink"]')).toHaveText(words);
      await expect(ron.page.locator('[data-banner="uplink"]')).toHaveCount(0);
    } finally {
      await host.ns.nft(`delete table inet ${UPLINK_TABLE}\n`);
    }
  });
});
