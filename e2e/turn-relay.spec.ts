import { joinRoom, peerStats, type Participant } from './client-harness.js';
import { expect, startConfab, test } from './fixtures.js';
import { startTurnLab, TURN_TEST_LAUNCH } from './support/turn-lab.js';

test.use({ launchOptions: TURN_TEST_LAUNCH });

test("a meeting forced to iceTransportPolicy 'relay' connects through coturn (production deny list) and media flows", async ({
  browser,
}) => {
  const lab = await startTurnLab('relay-meeting-secret');
  const confab = await startConfab({
    turnUrls: [lab.urls.udp],
    turnSecret: 'relay-meeting-secret',
  });
  const participants: Participant[] = [];
  try {
    const startedAt = Date.now();
    for (const name of ['Ann', 'Bob']) {
      participants.push(
        await joinRoom(browser, confab.url, 'relay-room', name, { iceTransportPolicy: 'relay' }),
      );
    }
    for (const participant of participants) {
      await expect
        .poll(async () => (await peerStats(participant))[0]?.connectionState)
        .toBe('connected');
    }
    console.log(`relay-only mesh connected ${String(Date.now() - startedAt)} ms after Ann joined`);
    for (const participant of participants) {
      const [first] = await peerStats(participant);
      // The selected pair is relay on both ends: nothing but coturn carries this call.
      expect(first).toMatchObject({ localCandidateType: 'relay', remoteCandidateType: 'relay' });
      // Media flows: decoded video frames keep increasing through the relay.
      await expect
        .poll(async () => (await peerStats(participant))[0]?.framesDecoded ?? 0)
        .toBeGreaterThan((first?.framesDecoded ?? 0) + 10);
    }
  } finally {
    for (const participant of participants) await participant.context.close();
    await confab.server.close();
    await lab.stop();
  }
});
