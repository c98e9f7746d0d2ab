// The client library between Chromium and Firefox: an ICE restart started from either side,
// and a Firefox screen share (a canvas track: headless Firefox cannot capture a screen)
// decoded in Chromium.
import {
  harnessLog,
  mediaCounters,
  peerStats,
  stalledPairs,
  startCanvasShare,
} from './client-harness.js';
import { connectionMedia } from './support/peer-connections.js';
import {
  BROWSER_LABEL,
  expect,
  meetWithLibrary,
  test,
  timeUntil,
  type MixedParticipant,
} from './support/mixed-meeting.js';

async function ufrags(participant: MixedParticipant) {
  const [connection] = await connectionMedia(participant.page);
  return { local: connection?.localUfrag ?? null, remote: connection?.remoteUfrag ?? null };
}

test('an ICE restart started from Chromium, then from Firefox: new credentials both ways, media keeps flowing', async ({
  open,
  confab,
}) => {
  const [chromium, firefox] = await meetWithLibrary(open, confab.url, 'restart', [
    'chromium',
    'firefox',
  ]);
  for (const [from, to] of [
    [chromium, firefox],
    [firefox, chromium],
  ] as const) {
    const before = await ufrags(from);
    const startedAt = Date.now();
    await from.page.evaluate(() => {
      const harness = window.confabHarness;
      harness?.internals.mesh.peer(harness.call.participants[0]?.id ?? '')?.restartIce();
    });
    const label = `ICE restart from ${BROWSER_LABEL[from.page.browser]}`;
    await timeUntil(`${label}: restartIce() → new ufrags on both sides`, startedAt, async () => {
      const [mine, theirs] = await Promise.all([ufrags(from), ufrags(to)]);
      return (
        mine.local !== before.local &&
        mine.remote !== before.remote &&
        theirs.remote === mine.local &&
        theirs.local === mine.remote
      );
    });
    const counters = await mediaCounters([from, to]);
    await expect
      .poll(() => stalledPairs([from, to], counters), { message: `${label}: media flows` })
      .toEqual([]);
    for (const participant of [from, to])
      expect((await peerStats(participant))[0]?.connectionState).toBe('connected');
  }
  // Firefox answers later offers with the wrong DTLS role; Chromium must not reject them.
  for (const participant of [chromium, firefox])
    expect((await harnessLog(participant)).errors, participant.name).toEqual([]);
});

test('a screen share from Firefox (canvas track) is decoded in Chromium', async ({
  open,
  confab,
}) => {
  const [firefox, chromium] = await meetWithLibrary(open, confab.url, 'share', [
    'firefox',
    'chromium',
  ]);
  const startedAt = Date.now();
  await startCanvasShare(firefox);
  await timeUntil('Firefox → Chromium screen share: start → first frame', startedAt, async () => {
    const [stats] = await peerStats(chromium);
    return (stats?.screenFramesDecoded ?? 0) > 0;
  });
  const first = (await peerStats(chromium))[0]?.screenFramesDecoded ?? 0;
  await expect
    .poll(async () => (await peerStats(chromium))[0]?.screenFramesDecoded)
    .toBeGreaterThan(first + 10);
  // The camera keeps playing beside the screen.
  const counters = await mediaCounters([firefox, chromium]);
  await expect.poll(() => stalledPairs([firefox, chromium], counters)).toEqual([]);
});
