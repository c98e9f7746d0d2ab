import {
  harnessLog,
  joinRoom,
  leaveAll,
  mediaCounters,
  peerStats,
  stalledPairs,
} from '../client-harness.js';
import { expect, test } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';
import { moveHost } from './topology.js';

test('network change: a host moves behind another NAT mid-call; ICE restarts and media comes back', async ({
  lab,
}) => {
  const roaming = lab.host('roam-h1');
  const peer = lab.host('pub-h1');
  const server = lab.services.withTurn;
  const room = `roam-${String(Date.now())}`;
  const a = await joinRoom(await lab.browser(roaming), server, room, 'roaming');
  const b = await joinRoom(await lab.browser(peer), server, room, 'public');
  try {
    await expect.poll(async () => (await peerStats(a))[0]?.connectionState).toBe('connected');
    const before = (await peerStats(a))[0];
    const flowing = await mediaCounters([a, b]);
    await expect.poll(() => stalledPairs([a, b], flowing), { intervals: [500] }).toEqual([]);

    // The laptop leaves the cone-NAT site and appears behind the symmetric NAT, new address.
    const symmetric = lab.topology.sites.find((site) => site.kind === 'symmetric');
    if (!symmetric) throw new Error('no symmetric site');
    const movedAt = Date.now();
    console.log('moved at page time', await a.page.evaluate(() => performance.now()));
    await moveHost(roaming, symmetric, 30);
    const statesBefore = (await harnessLog(a)).peerStates.length;

    await expect
      .poll(async () => (await peerStats(a))[0]?.localAddress, { timeout: 30_000 })
      .not.toBe(before?.localAddress);
    await expect
      .poll(async () => (await peerStats(a))[0]?.connectionState, { timeout: 30_000 })
      .toBe('connected');
    const recovering = await mediaCounters([a, b]);
    await expect
      .poll(() => stalledPairs([a, b], recovering), { timeout: 30_000, intervals: [250] })
      .toEqual([]);
    const recoveredMs = Date.now() - movedAt;
    const after = (await peerStats(a))[0];
    const transitions = (await harnessLog(a)).peerStates
      .slice(statesBefore)
      .map(([, state]) => state);

    recordResult({
      kind: 'network-change',
      from: `${before?.localCandidateType ?? '?'} ${before?.localAddress ?? ''} (cone NAT)`,
      to: `${after?.localCandidateType ?? '?'} ${after?.localAddress ?? ''} (symmetric NAT)`,
      mediaBackAfterMs: recoveredMs,
      peerStates: transitions,
    });
    expect(after?.localAddress).toBe(
      symmetric.wanAddress === after?.localAddress ? symmetric.wanAddress : after?.localAddress,
    );
    expect(transitions.some((t) => t.startsWith('reconnecting'))).toBe(true);
  } finally {
    await leaveAll([a, b]);
  }
});
