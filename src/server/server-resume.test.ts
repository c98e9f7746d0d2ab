import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;

/** Waits until the server itself has seen `count` open connections (a drop reaches it after us). */
async function serverSeesConnections(server: RunningServer, count: number): Promise<void> {
  await expect
    .poll(async () => (await server.server.metrics.connections.get()).values[0]?.value)
    .toBe(count);
}
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('resume after an unexpected drop', () => {
  it('gives the same id back inside the grace period; the others never see peer-left', async () => {
    running = await startTestServer({ resumeGraceMs: 30_000 });
    const ann = await running.member('r', 'Ann');
    const bobSocket = await running.connect();
    const first = await bobSocket.join('r', 'Bob');
    bobSocket.drop();
    await bobSocket.closed;

    const again = await running.connect();
    const second = await again.join('r', 'Bob', { resume: first.resume });
    expect(second.self).toEqual(first.self);
    expect(second.peers).toEqual([{ id: ann.id, name: 'Ann' }]);
    expect(second.resume).not.toBe(first.resume);
    await ann.client.roundTrip();
    expect(ann.client.all('peer-left')).toEqual([]);
    expect(ann.client.all('peer-joined')).toHaveLength(1);

    // The old token was rotated away: replaying it fails.
    const replay = await running.connect();
    replay.send({ type: 'join', v: 3, room: 'r', name: 'Bob', resume: first.resume });
    expect(await replay.next()).toMatchObject({ type: 'error', code: 'resume-failed' });
  });

  it('delivers signals sent to the absent member after its new welcome, in order', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const bob = await running.connect();
    const welcome = await bob.join('r', 'Bob');
    bob.drop();
    await serverSeesConnections(running, 1);
    for (let i = 0; i < 5; i++) {
      ann.client.send({
        type: 'signal',
        to: welcome.self.id,
        // Answers: a newer offer replaces older ones in the buffer (see the hub contract).
        data: { description: { type: 'answer', sdp: `sdp ${String(i)}` } },
      });
    }
    await ann.client.roundTrip();
    expect(ann.client.all('error')).toEqual([]);

    const back = await running.connect();
    back.send({ type: 'join', v: 3, room: 'r', name: 'Bob', resume: welcome.resume });
    expect((await back.next()).type).toBe('welcome');
    const sdps = [];
    for (let i = 0; i < 5; i++) {
      const message = await back.next();
      sdps.push(
        message.type === 'signal' && 'description' in message.data
          ? message.data.description.sdp
          : message.type,
      );
    }
    expect(sdps).toEqual(['sdp 0', 'sdp 1', 'sdp 2', 'sdp 3', 'sdp 4']);
  });

  it('ends the slot after the grace period: peer-left to the others, resume-failed to the late client', async () => {
    running = await startTestServer({ resumeGraceMs: 300 });
    const ann = await running.member('r', 'Ann');
    const bob = await running.connect();
    const welcome = await bob.join('r', 'Bob');
    bob.drop();
    expect(await ann.client.nextOf('peer-left')).toEqual({
      type: 'peer-left',
      id: welcome.self.id,
    });

    const late = await running.connect();
    late.send({ type: 'join', v: 3, room: 'r', name: 'Bob', resume: welcome.resume });
    expect(await late.next()).toMatchObject({ type: 'error', code: 'resume-failed' });
    // The connection stays open so the client can join afresh with a new id.
    const fresh = await late.join('r', 'Bob');
    expect(fresh.self.id).not.toBe(welcome.self.id);
    expect(fresh.peers).toEqual([{ id: ann.id, name: 'Ann' }]);
  });

  it('refuses a token for another room', async () => {
    running = await startTestServer();
    const bob = await running.connect();
    const welcome = await bob.join('r', 'Bob');
    bob.drop();
    const elsewhere = await running.connect();
    elsewhere.send({ type: 'join', v: 3, room: 'other', name: 'Bob', resume: welcome.resume });
    expect(await elsewhere.next()).toMatchObject({ type: 'error', code: 'resume-failed' });
  });

  it('takes the slot over from a half-open connection the server still thinks is alive', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const old = await running.connect();
    const welcome = await old.join('r', 'Bob');
    const fresh = await running.connect();
    expect((await fresh.join('r', 'Bob', { resume: welcome.resume })).self.id).toBe(
      welcome.self.id,
    );
    expect((await old.closed).code).toBe(1000);
    ann.client.send({ type: 'signal', to: welcome.self.id, data: { candidate: null } });
    expect(await fresh.nextOf('signal')).toMatchObject({ from: ann.id });
    await ann.client.roundTrip();
    expect(ann.client.all('peer-left')).toEqual([]);
  });

  it('keeps the newest signals of a member whose backlog overflows the buffer', async () => {
    running = await startTestServer({ resumeBufferMessages: 3 });
    const ann = await running.member('r', 'Ann');
    const bob = await running.connect();
    const welcome = await bob.join('r', 'Bob');
    bob.drop();
    await serverSeesConnections(running, 1);
    const candidate = (n: number) => ({
      candidate: { candidate: `candidate:${String(n)}`, sdpMid: '0', sdpMLineIndex: 0 },
    });
    for (let i = 0; i < 6; i++)
      ann.client.send({ type: 'signal', to: welcome.self.id, data: candidate(i) });
    await ann.client.roundTrip();
    const back = await running.connect();
    expect((await back.join('r', 'Bob', { resume: welcome.resume })).self).toEqual(welcome.self);
    await back.roundTrip();
    expect(back.all('signal').map((signal) => signal.data)).toEqual([3, 4, 5].map(candidate));
    expect(ann.client.all('peer-left')).toEqual([]);
  });
});
