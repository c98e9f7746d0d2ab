import { afterEach, describe, expect, it } from 'vitest';
import { mintRoomToken } from './auth.js';
import type { TestClient } from './test-support/test-client.js';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

// Running a meeting over real WebSockets (LocalHub): every host control end to end.

const SECRET = 'host-controls-secret-at-least-32-bytes';
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function meeting(
  names: string[],
  options: Parameters<typeof startTestServer>[0] = {},
): Promise<{ server: RunningServer; members: { client: TestClient; id: string }[] }> {
  const server = await startTestServer(options);
  running = server;
  const members = [];
  for (const name of names) members.push(await server.member('r', name));
  return { server, members };
}

describe('running a meeting', () => {
  it('makes the first member host, shows it to everyone, and passes it on when the host leaves', async () => {
    const server = await startTestServer();
    running = server;
    const ann = await server.connect();
    const annWelcome = await ann.join('r', 'Ann');
    expect(annWelcome.room).toEqual({
      host: annWelcome.self.id,
      locked: false,
      lobby: false,
      passcode: false,
      waiting: [],
    });
    const bob = await server.connect();
    const bobWelcome = await bob.join('r', 'Bob');
    expect(bobWelcome.room).toEqual({
      host: annWelcome.self.id,
      locked: false,
      lobby: false,
      passcode: false,
    });
    await ann.close(1000);
    expect((await bob.nextOf('peer-left')).id).toBe(annWelcome.self.id);
    expect((await bob.nextOf('room-state')).room).toEqual({
      host: bobWelcome.self.id,
      locked: false,
      lobby: false,
      passcode: false,
      waiting: [],
    });
  });

  it('hands the host role over on request', async () => {
    const { members } = await meeting(['Ann', 'Bob']);
    const [ann, bob] = members as [(typeof members)[0], (typeof members)[0]];
    ann.client.host({ action: 'transfer-host', id: bob.id });
    expect((await bob.client.nextOf('room-state')).room.host).toBe(bob.id);
    expect((await ann.client.nextOf('room-state')).room.host).toBe(bob.id);
    ann.client.host({ action: 'set-lock', locked: true });
    expect((await ann.client.nextOf('error')).code).toBe('forbidden');
  });

  it('lobby: the newcomer waits with nothing to see, the host admits it, then denies another', async () => {
    const { server, members } = await meeting(['Ann', 'Bob']);
    const [ann, bob] = members as [(typeof members)[0], (typeof members)[0]];
    ann.client.host({ action: 'set-lobby', on: true });
    expect((await bob.client.nextOf('room-state')).room.lobby).toBe(true);
    const dee = await server.connect();
    await dee.knock('r', 'Dee');
    const knock = await ann.client.nextOf('knock');
    expect(knock.name).toBe('Dee');
    await bob.client.roundTrip();
    expect(bob.client.all('knock')).toEqual([]);
    ann.client.host({ action: 'admit', id: knock.id });
    const welcome = await dee.nextOf('welcome');
    expect(welcome.self.id).toBe(knock.id);
    expect(welcome.peers.map((peer) => peer.name)).toEqual(['Ann', 'Bob']);
    expect(await ann.client.nextOf('knock-cancelled')).toEqual({
      type: 'knock-cancelled',
      id: knock.id,
    });
    expect((await bob.client.nextOf('peer-joined')).peer.id).toBe(knock.id);

    const eve = await server.connect();
    await eve.knock('r', 'Eve');
    const evesKnock = await ann.client.nextOf('knock');
    ann.client.host({ action: 'deny', id: evesKnock.id });
    expect((await eve.nextOf('error')).code).toBe('denied');
    expect((await eve.closed).code).toBe(1008);
    expect((await ann.client.nextOf('knock-cancelled')).id).toBe(evesKnock.id);
  });

  it('lobby: a waiter that leaves or closes is out of the queue', async () => {
    const { server, members } = await meeting(['Ann']);
    const [ann] = members as [(typeof members)[0]];
    ann.client.host({ action: 'set-lobby', on: true });
    await ann.client.nextOf('room-state');
    const dee = await server.connect();
    await dee.knock('r', 'Dee');
    const knock = await ann.client.nextOf('knock');
    dee.send({ type: 'leave' });
    expect((await ann.client.nextOf('knock-cancelled')).id).toBe(knock.id);
    // Back to square one: the connection may join (and wait) again.
    await dee.knock('r', 'Dee');
    const again = await ann.client.nextOf('knock');
    await dee.close(1001);
    expect((await ann.client.nextOf('knock-cancelled')).id).toBe(again.id);
    ann.client.host({ action: 'admit', id: again.id });
    expect((await ann.client.nextOf('error')).code).toBe('unknown-peer');
  });

  it('lock: a newcomer is refused even with the link; unlocking lets it in', async () => {
    const { server, members } = await meeting(['Ann', 'Bob']);
    const [ann, bob] = members as [(typeof members)[0], (typeof members)[0]];
    ann.client.host({ action: 'set-lock', locked: true });
    expect((await bob.client.nextOf('room-state')).room.locked).toBe(true);
    const eve = await server.connect();
    expect((await eve.refusedJoin('r', 'Eve')).code).toBe('locked');
    expect((await eve.closed).code).toBe(1008);
    ann.client.host({ action: 'set-lock', locked: false });
    await bob.client.nextOf('room-state');
    expect((await server.member('r', 'Eve')).id).toMatch(/^[\w-]{22}$/);
  });

  it('remove: closed at once, its resume token answers removed, and it cannot rejoin while locked', async () => {
    const server = await startTestServer();
    running = server;
    const ann = await server.member('r', 'Ann');
    const bob = await server.member('r', 'Bob');
    const carol = await server.connect();
    const carolWelcome = await carol.join('r', 'Carol');
    ann.client.host({ action: 'set-lock', locked: true });
    await bob.client.nextOf('room-state');
    ann.client.host({ action: 'remove', id: carolWelcome.self.id });
    expect(await carol.nextOf('error')).toMatchObject({ code: 'removed' });
    expect((await carol.closed).code).toBe(1008);
    expect((await bob.client.nextOf('peer-left')).id).toBe(carolWelcome.self.id);
    const back = await server.connect();
    expect((await back.refusedJoin('r', 'Carol', { resume: carolWelcome.resume })).code).toBe(
      'removed',
    );
    const again = await server.connect();
    expect((await again.refusedJoin('r', 'Carol')).code).toBe('locked');
  });

  it('mute request: only the target is asked; there is no unmute', async () => {
    const { members } = await meeting(['Ann', 'Bob', 'Carol']);
    const [ann, bob, carol] = members as [
      (typeof members)[0],
      (typeof members)[0],
      (typeof members)[0],
    ];
    ann.client.host({ action: 'mute-request', id: bob.id });
    expect(await bob.client.nextOf('mute-requested')).toEqual({
      type: 'mute-requested',
      by: ann.id,
    });
    bob.client.host({ action: 'mute-request', id: carol.id });
    expect((await bob.client.nextOf('error')).code).toBe('forbidden');
    ann.client.host({ action: 'unmute-request', id: bob.id });
    expect((await ann.client.nextOf('error')).code).toBe('bad-message');
    await carol.client.roundTrip();
    expect(carol.client.all('mute-requested')).toEqual([]);
  });

  it('end meeting: everyone is told and closed; the room starts afresh', async () => {
    const { server, members } = await meeting(['Ann', 'Bob', 'Carol']);
    const [ann] = members as [(typeof members)[0]];
    ann.client.host({ action: 'end-meeting' });
    for (const { client } of members) {
      expect((await client.nextOf('error')).code).toBe('meeting-ended');
      expect((await client.closed).code).toBe(1000);
    }
    const fresh = await server.connect();
    const welcome = await fresh.join('r', 'Fresh');
    expect(welcome.peers).toEqual([]);
    expect(welcome.room.host).toBe(welcome.self.id);
  });

  it('passcode: set by the host, required, refused when wrong, admitted when right', async () => {
    const { server, members } = await meeting(['Ann', 'Bob']);
    const [ann, bob] = members as [(typeof members)[0], (typeof members)[0]];
    ann.client.host({ action: 'set-passcode', passcode: 'blue-heron-42' });
    expect((await bob.client.nextOf('room-state')).room.passcode).toBe(true);
    const none = await server.connect();
    expect((await none.refusedJoin('r', 'Eve')).code).toBe('passcode-required');
    expect((await none.closed).code).toBe(1008);
    const wrong = await server.connect();
    expect((await wrong.refusedJoin('r', 'Eve', { passcode: 'blue-heron-43' })).code).toBe(
      'passcode-wrong',
    );
    const right = await server.connect();
    const welcome = await right.join('r', 'Eve', { passcode: 'blue-heron-42' });
    expect(welcome.room.passcode).toBe(true);
    ann.client.host({ action: 'set-passcode', passcode: null });
    expect((await bob.client.nextOf('room-state')).room.passcode).toBe(false);
    expect((await server.member('r', 'Fay')).id).toBeTruthy();
  });

  it('passcode at creation: the join that opens the room sets it', async () => {
    const server = await startTestServer();
    running = server;
    const ann = await server.connect();
    expect((await ann.join('new-room', 'Ann', { passcode: 'opening-code' })).room.passcode).toBe(
      true,
    );
    const eve = await server.connect();
    expect((await eve.refusedJoin('new-room', 'Eve')).code).toBe('passcode-required');
    const bob = await server.connect();
    await bob.join('new-room', 'Bob', { passcode: 'opening-code' });
  });

  it('set-mode: the host pins the room to the mesh and unpins it; a mesh-only server refuses', async () => {
    const { members } = await meeting(['Ann', 'Bob']);
    const [ann, bob] = members as [(typeof members)[0], (typeof members)[0]];
    ann.client.host({ action: 'set-mode', pinned: true });
    expect(await bob.client.nextOf('room-mode')).toMatchObject({
      mode: { path: 'mesh', pinned: true },
      reason: 'pinned',
    });
    ann.client.host({ action: 'set-mode', pinned: false });
    expect(await bob.client.nextOf('room-mode')).toMatchObject({
      mode: { path: 'mesh', pinned: false },
      reason: 'unpinned',
    });
    await running?.stop();
    const meshOnly = await meeting(['Ann'], { meshOnly: true });
    const [host] = meshOnly.members as [(typeof members)[0]];
    host.client.host({ action: 'set-mode', pinned: false });
    expect(await host.client.nextOf('error')).toMatchObject({ code: 'forbidden' });
  });

  it('room tokens: --host joins past lobby and lock as host; --lobby opens the room with its lobby on', async () => {
    const server = await startTestServer({ authSecret: SECRET });
    running = server;
    const guestToken = await mintRoomToken(SECRET, 'board', 60, Date.now(), { lobby: true });
    const hostToken = await mintRoomToken(SECRET, 'board', 60, Date.now(), { host: true });
    const guest = await server.connect();
    await guest.knock('board', 'Early guest', { token: guestToken });
    const host = await server.connect();
    const welcome = await host.join('board', 'Host', { token: hostToken });
    expect(welcome.room).toMatchObject({ host: welcome.self.id, lobby: true });
    expect(welcome.room.waiting?.map((knock) => knock.name)).toEqual(['Early guest']);
    host.host({ action: 'set-lock', locked: true });
    await host.nextOf('room-state');
    const late = await server.connect();
    expect((await late.refusedJoin('board', 'Late', { token: guestToken })).code).toBe('locked');
    // A second holder of a host token becomes host even in a locked room.
    const cohost = await server.connect();
    const second = await cohost.join('board', 'Co-host', { token: hostToken });
    expect(second.room.host).toBe(second.self.id);
    expect((await host.nextOf('room-state')).room.host).toBe(second.self.id);
  });
});
