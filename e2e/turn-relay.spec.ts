import { expect, startConfab, test } from './fixtures.js';
import { joinRelayMeeting, meetingState } from './support/relay-meeting.js';
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
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [ann, bob] = await Promise.all(contexts.map((context) => context.newPage()));
    if (!ann || !bob) throw new Error('no pages');
    await joinRelayMeeting(ann, confab.url, 'relay-room', 'Ann');
    await joinRelayMeeting(bob, confab.url, 'relay-room', 'Bob');
    for (const page of [ann, bob]) {
      await expect.poll(async () => (await meetingState(page)).connectionState).toBe('connected');
    }
    for (const page of [ann, bob]) {
      const first = await meetingState(page);
      expect(first).toMatchObject({ local: 'relay', remote: 'relay', relayProtocol: 'udp' });
      // Media flows: decoded video frames keep increasing through the relay.
      await expect
        .poll(async () => (await meetingState(page)).framesDecoded)
        .toBeGreaterThan(first.framesDecoded + 10);
    }
    console.log(
      `relay-only connect: Ann ${String((await meetingState(ann)).connectedAfterMs)} ms, Bob ${String((await meetingState(bob)).connectedAfterMs)} ms after joining`,
    );
  } finally {
    for (const context of contexts) await context.close();
    await confab.server.close();
    await lab.stop();
  }
});
