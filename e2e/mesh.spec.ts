import { expect, test } from './fixtures.js';
import {
  fullMeshConnected,
  joinRoom,
  leaveAll,
  mediaCounters,
  stalledPairs,
  type Participant,
} from './client-harness.js';

// Every pair connected, and every participant decodes video and audio from every other,
// including one who joins after the others are already meshed.
for (const size of [2, 3, 4, 6]) {
  test(`${String(size)} participants form a full mesh with media both ways (one joins late)`, async ({
    browser,
    confab,
  }) => {
    test.setTimeout(150_000);
    const room = `mesh-${String(size)}`;
    const participants: Participant[] = [];
    try {
      for (let i = 0; i < size - 1; i++)
        participants.push(await joinRoom(browser, confab.url, room, `p${String(i)}`));
      await expect.poll(() => fullMeshConnected(participants), { timeout: 60_000 }).toBe(true);

      participants.push(await joinRoom(browser, confab.url, room, 'late'));
      await expect.poll(() => fullMeshConnected(participants), { timeout: 60_000 }).toBe(true);

      const before = await mediaCounters(participants);
      expect(before.size).toBe(size * (size - 1));
      await expect
        .poll(() => stalledPairs(participants, before), { timeout: 60_000, intervals: [1000] })
        .toEqual([]);
    } finally {
      await leaveAll(participants);
    }
  });
}
