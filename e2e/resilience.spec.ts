import { expect, test } from './fixtures.js';
import {
  fullMeshConnected,
  harnessLog,
  heldFrames,
  holdSignaling,
  joinRoom,
  leaveAll,
  mediaCounters,
  peerStats,
  releaseSignaling,
  signalingInfo,
  stalledPairs,
  startCanvasShare,
  type Participant,
} from './client-harness.js';
import { TcpProxy } from './tcp-proxy.js';

test.describe('client library resilience', () => {
  let participants: Participant[] = [];
  test.afterEach(async () => {
    await leaveAll(participants);
    participants = [];
  });

  test('glare: both start screen sharing at the same instant; one rollback, both stable, both receive the extra video', async ({
    browser,
    confab,
  }) => {
    const [a, b] = (participants = [
      await joinRoom(browser, confab.url, 'glare', 'Ann'),
      await joinRoom(browser, confab.url, 'glare', 'Ben'),
    ]);
    if (!a || !b) throw new Error('unreachable');
    await expect.poll(() => fullMeshConnected(participants)).toBe(true);

    // Hold both sides' outgoing frames so their offers cross for certain, then let go.
    await holdSignaling(a);
    await holdSignaling(b);
    await startCanvasShare(a);
    await startCanvasShare(b);
    for (const p of [a, b]) {
      await expect
        .poll(async () => (await heldFrames(p)).some((f) => f.includes('"type":"offer"')))
        .toBe(true);
    }
    await releaseSignaling(a);
    await releaseSignaling(b);

    for (const p of [a, b]) {
      await expect
        .poll(async () =>
          (await peerStats(p)).map((s) => [s.signalingState, s.screenFramesDecoded > 0]),
        )
        .toEqual([['stable', true]]);
    }
    const rollbacks = (await harnessLog(a)).rollbacks + (await harnessLog(b)).rollbacks;
    expect(rollbacks).toBe(1);
    await expect.poll(() => fullMeshConnected(participants)).toBe(true);
  });

  test('signaling loss: media keeps flowing while the WebSocket is down; the client resumes with the same id and nobody sees it leave', async ({
    browser,
    confab,
  }) => {
    const { port } = confab.server.address();
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port });
    try {
      participants = [
        await joinRoom(browser, confab.url, 'loss', 'Ann', { via: proxy.url }),
        await joinRoom(browser, confab.url, 'loss', 'Ben'),
        await joinRoom(browser, confab.url, 'loss', 'Cy'),
      ];
      const [ann] = participants;
      if (!ann) throw new Error('unreachable');
      await expect.poll(() => fullMeshConnected(participants)).toBe(true);
      const idBefore = (await signalingInfo(ann)).id;

      proxy.block();
      await expect.poll(async () => (await signalingInfo(ann)).state).toBe('reconnecting');
      const duringOutage = await mediaCounters(participants);
      await expect
        .poll(() => stalledPairs(participants, duringOutage), { intervals: [1000] })
        .toEqual([]);
      expect((await signalingInfo(ann)).state).toBe('reconnecting');

      proxy.unblock();
      await expect
        .poll(async () => signalingInfo(ann), { timeout: 20_000 })
        .toEqual({ state: 'joined', id: idBefore });
      expect((await harnessLog(ann)).joinedKinds).toEqual(['joined', 'resumed']);
      for (const p of participants) expect((await harnessLog(p)).left).toEqual([]);
      const afterResume = await mediaCounters(participants);
      await expect
        .poll(() => stalledPairs(participants, afterResume), { intervals: [1000] })
        .toEqual([]);
      await expect.poll(() => fullMeshConnected(participants)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  test('leave and tab close: the others drop the participant and close its connection within a few seconds', async ({
    browser,
    confab,
  }) => {
    participants = [
      await joinRoom(browser, confab.url, 'leave', 'Ann'),
      await joinRoom(browser, confab.url, 'leave', 'Ben'),
      await joinRoom(browser, confab.url, 'leave', 'Cy'),
    ];
    const [ann, ben, cy] = participants;
    if (!ann || !ben || !cy) throw new Error('unreachable');
    await expect.poll(() => fullMeshConnected(participants)).toBe(true);

    await cy.page.evaluate(() => {
      window.confabHarness?.call.close();
    });
    for (const p of [ann, ben]) {
      await expect
        .poll(async () => (await harnessLog(p)).closedPeers, { timeout: 5000 })
        .toEqual([cy.id]);
    }

    await ben.page.close();
    await expect
      .poll(async () => (await harnessLog(ann)).closedPeers, { timeout: 5000 })
      .toEqual([cy.id, ben.id]);
    expect((await harnessLog(ann)).left).toEqual([cy.id, ben.id]);
    expect(await peerStats(ann)).toEqual([]);
  });

  test('ICE restart: a forced restartIce() renegotiates with new credentials and media resumes', async ({
    browser,
    confab,
  }) => {
    participants = [
      await joinRoom(browser, confab.url, 'restart', 'Ann'),
      await joinRoom(browser, confab.url, 'restart', 'Ben'),
    ];
    const [ann, ben] = participants;
    if (!ann || !ben) throw new Error('unreachable');
    await expect.poll(() => fullMeshConnected(participants)).toBe(true);
    const ufrag = () =>
      ann.page.evaluate(() => {
        const h = window.confabHarness;
        const peer = h?.internals.mesh.peer(h.call.participants[0]?.id ?? '');
        return /a=ice-ufrag:(\S+)/.exec(peer?.pc.localDescription?.sdp ?? '')?.[1] ?? null;
      });
    const remoteUfrag = () =>
      ben.page.evaluate(() => {
        const h = window.confabHarness;
        const peer = h?.internals.mesh.peer(h.call.participants[0]?.id ?? '');
        return /a=ice-ufrag:(\S+)/.exec(peer?.pc.remoteDescription?.sdp ?? '')?.[1] ?? null;
      });
    const before = await ufrag();
    await ann.page.evaluate(() => {
      const h = window.confabHarness;
      h?.internals.mesh.peer(h.call.participants[0]?.id ?? '')?.restartIce();
    });
    await expect.poll(ufrag).not.toBe(before);
    await expect.poll(remoteUfrag).toBe(await ufrag());
    await expect.poll(() => fullMeshConnected(participants)).toBe(true);
    const counters = await mediaCounters(participants);
    await expect
      .poll(() => stalledPairs(participants, counters), { intervals: [1000] })
      .toEqual([]);
  });
});
