import { expectSeesAndHears, joinMeeting, openApp, tileOf, type User } from '../app-driver.js';
import { expect, test } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';
import { moveHost } from './topology.js';

test('network change: a laptop moves behind a symmetric NAT mid-call; ICE restarts, media comes back, the badge shows the new pair', async ({
  lab,
}) => {
  const server = lab.services.withTurn;
  const room = `roam-${String(Date.now())}`;
  const users: User[] = [];
  try {
    for (const [hostName, name] of [
      ['roam-h1', 'Rory'],
      ['pub-h1', 'Pat'],
    ] as const) {
      const user = await openApp(await lab.browser(lab.host(hostName)), name);
      await user.page.goto(`${server}/r/${room}`);
      await joinMeeting(user.page, name);
      users.push(user);
    }
    const [rory, pat] = users;
    if (!rory || !pat) throw new Error('unreachable');
    const tile = tileOf(rory.page, 'Pat');
    const badge = tile.locator('.tile-badge');
    await expectSeesAndHears(rory, ['Pat']);
    // Both have public addresses: a direct host pair.
    await expect(badge).toHaveText(/^host · udp/);
    const before = (await badge.textContent()) ?? '';

    const symmetric = lab.topology.sites.find((site) => site.kind === 'symmetric');
    if (!symmetric) throw new Error('no symmetric site');
    const movedAt = Date.now();
    await moveHost(lab.host('roam-h1'), symmetric, 30);

    // The client hears of the change from the browser (online / connection change) and
    // restarts ICE at once; media is back when the badge shows a new pair type carrying
    // bytes. Behind the symmetric NAT the pair is peer-reflexive (or relayed), no longer host.
    await expect(badge).toHaveText(/^(prflx|srflx|relay) · udp · .+ · [1-9][\d.]*\s[kM]b\/s$/, {
      timeout: 30_000,
    });
    const recoveredMs = Date.now() - movedAt;
    await expect(tile).toHaveAttribute('data-connection-state', 'connected');
    await expectSeesAndHears(rory, ['Pat']);
    await expectSeesAndHears(pat, ['Rory']);
    recordResult({
      kind: 'network-change',
      before,
      after: (await badge.textContent()) ?? '',
      mediaBackAfterMs: recoveredMs,
    });
  } finally {
    await Promise.all(users.map((user) => user.context.close()));
  }
});
