// Chromium and Firefox forced to iceTransportPolicy 'relay': the call goes through a real
// coturn (production deny list) over TURN/UDP and over TURN/TCP, and media flows.
import { mediaCounters, peerStats, stalledPairs } from './client-harness.js';
import { startConfab } from './fixtures.js';
import type { BrowserName } from './support/browser-page.js';
import { BROWSER_LABEL, expect, meetWithLibrary, test } from './support/mixed-meeting.js';
import { startTurnLab, type TurnLab } from './support/turn-lab.js';

const SECRET = 'firefox-relay-secret';

let lab: TurnLab;
test.beforeAll(async () => {
  lab = await startTurnLab(SECRET);
});
test.afterAll(async () => {
  await lab.stop();
});

const CASES: { transport: 'udp' | 'tcp'; order: [BrowserName, BrowserName] }[] = [
  { transport: 'udp', order: ['chromium', 'firefox'] },
  { transport: 'tcp', order: ['firefox', 'chromium'] },
];

for (const { transport, order } of CASES) {
  test(`relay only over TURN/${transport.toUpperCase()}: ${BROWSER_LABEL[order[1]]} joins ${BROWSER_LABEL[order[0]]}; both select relay ↔ relay over ${transport}`, async ({
    open,
  }) => {
    const confab = await startConfab({ turnUrls: [lab.urls[transport]], turnSecret: SECRET });
    try {
      const participants = await meetWithLibrary(open, confab.url, `relay-${transport}`, order, {
        iceTransportPolicy: 'relay',
      });
      for (const participant of participants) {
        const [stats] = await peerStats(participant);
        expect(stats, `${participant.name} (${participant.page.browser})`).toMatchObject({
          localCandidateType: 'relay',
          remoteCandidateType: 'relay',
          relayProtocol: transport,
        });
      }
      const counters = await mediaCounters(participants);
      await expect.poll(() => stalledPairs(participants, counters)).toEqual([]);
    } finally {
      await confab.server.close();
    }
  });
}
