import { afterEach, describe, expect, it } from 'vitest';
import { PUBLISHER_OFFER } from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';
import { reportFigure } from '../test-support/abuse.js';

// Forged messages against the room controls: a connection waiting in the lobby is in no
// room (it sees nobody, reaches nobody), and only the host's actions do anything.

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const candidate = {
  candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

/** Every message a member could send besides join, ping and leave, aimed at `target`. */
function forgeries(target: string): Record<string, unknown>[] {
  return [
    { type: 'signal', to: target, data: { description: { type: 'offer', sdp: 'v=0\r\n' } } },
    { type: 'signal', to: target, data: { candidate } },
    { type: 'app', to: target, data: { chat: 'let me in' } },
    { type: 'app', data: { chat: 'hello everyone' } },
    { type: 'refresh-ice' },
    {
      type: 'sfu-publish',
      epoch: 1,
      sdp: PUBLISHER_OFFER,
      sources: [{ mid: '0', source: 'microphone' }],
    },
    { type: 'sfu-answer', epoch: 1, sdp: 'v=0\r\n' },
    { type: 'sfu-candidate', epoch: 1, pc: 'publisher', candidate },
    { type: 'sfu-layers', epoch: 1, choices: [{ peer: target, source: 'camera', layer: 0 }] },
    { type: 'sfu-leave', epoch: 1 },
  ];
}

const HOST_ACTIONS = (target: string): Record<string, unknown>[] => [
  { action: 'admit', id: target },
  { action: 'deny', id: target },
  { action: 'set-lobby', on: false },
  { action: 'set-lock', locked: true },
  { action: 'remove', id: target },
  { action: 'mute-request', id: target },
  { action: 'transfer-host', id: target },
  { action: 'end-meeting' },
  { action: 'set-passcode', passcode: 'let-me-in' },
  { action: 'set-mode', pinned: true },
];

async function errorCodes(client: TestClient, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) codes.push((await client.nextOf('error')).code);
  return codes;
}

describe('forged messages against the room controls', () => {
  it('a waiting connection gets no member list, reaches nobody and can do nothing', async () => {
    const server = await startTestServer();
    running = server;
    const host = await server.connect();
    const hostId = (await host.join('r', 'Host')).self.id;
    const bob = await server.member('r', 'Bob');
    host.host({ action: 'set-lobby', on: true });
    await bob.client.nextOf('room-state');
    const mallory = await server.connect();
    await mallory.knock('r', 'Mallory');
    const knock = await host.nextOf('knock');

    const forged = [...forgeries(hostId), ...forgeries(bob.id)];
    for (const message of forged) mallory.send(message);
    for (const action of HOST_ACTIONS(hostId)) mallory.host(action);
    const codes = await errorCodes(mallory, forged.length + HOST_ACTIONS(hostId).length);
    expect(new Set(codes)).toEqual(new Set(['not-joined']));
    // A second join on the waiting connection is refused too.
    mallory.send({ type: 'join', v: 3, room: 'r', name: 'Mallory again' });
    expect((await mallory.nextOf('error')).code).toBe('already-joined');

    // Meanwhile the room goes on: someone joins, chats, changes the controls.
    const carol = await server.member('r2', 'Elsewhere');
    bob.client.send({ type: 'app', data: { chat: 'members only' } });
    host.host({ action: 'set-lock', locked: true });
    await host.nextOf('room-state');
    await mallory.roundTrip();
    const seen = mallory.received.map((message) => message.type);
    expect(seen.filter((type) => type !== 'error' && type !== 'pong')).toEqual(['lobby']);
    // Nobody in the room heard from it.
    await host.roundTrip();
    await bob.client.roundTrip();
    for (const client of [host, bob.client]) {
      expect(client.all('signal')).toEqual([]);
      expect(client.all('app').filter((m) => m.from === knock.id)).toEqual([]);
    }
    expect(host.all('room-state').at(-1)?.room).toMatchObject({
      host: hostId,
      lobby: true,
      locked: true,
      passcode: false,
    });
    expect(carol.client.all('peer-joined')).toEqual([]);
    reportFigure('lobby-forged', { forged: forged.length + 10, delivered: 0 });
  });

  it('a member who is not the host is refused every action, and nothing changes', async () => {
    const server = await startTestServer();
    running = server;
    const host = await server.connect();
    const hostId = (await host.join('r', 'Host')).self.id;
    const eve = await server.member('r', 'Eve');
    const bob = await server.member('r', 'Bob');
    for (const action of HOST_ACTIONS(bob.id)) eve.client.host(action);
    eve.client.host({ action: 'transfer-host', id: eve.id });
    eve.client.host({ action: 'remove', id: hostId });
    const codes = await errorCodes(eve.client, HOST_ACTIONS(bob.id).length + 2);
    expect(new Set(codes)).toEqual(new Set(['forbidden']));
    await bob.client.roundTrip();
    await host.roundTrip();
    for (const client of [host, bob.client]) {
      expect(client.all('room-state')).toEqual([]);
      expect(client.all('room-mode')).toEqual([]);
      expect(client.all('mute-requested')).toEqual([]);
      expect(client.all('error')).toEqual([]);
      expect(client.isClosed).toBe(false);
    }
    const late = await server.connect();
    expect((await late.join('r', 'Late')).room).toEqual({
      host: hostId,
      locked: false,
      lobby: false,
      passcode: false,
    });
  });

  it('nobody can unmute someone else or make themselves host: no such messages exist', async () => {
    const server = await startTestServer();
    running = server;
    const host = await server.connect();
    await host.join('r', 'Host');
    const eve = await server.member('r', 'Eve');
    const tries: Record<string, unknown>[] = [
      { type: 'host', action: 'unmute-request', id: eve.id },
      { type: 'host', action: 'unmute', id: eve.id },
      { type: 'unmute-requested', by: eve.id },
      { type: 'room-state', room: { host: eve.id, locked: false, lobby: false, passcode: false } },
      { type: 'join', v: 3, room: 'r', name: 'Eve', role: 'host' },
      { type: 'host', action: 'mute-request', id: eve.id, unmute: true },
    ];
    for (const message of tries) eve.client.send(message);
    expect(new Set(await errorCodes(eve.client, tries.length))).toEqual(new Set(['bad-message']));
  });
});
