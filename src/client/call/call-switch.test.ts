import { describe, expect, it, vi } from 'vitest';
import type { Call } from './call.js';
import { FakeWebSocket } from '../test-support/fake-websocket.js';
import {
  connectMesh,
  joinedCall,
  meshPc,
  offersTo,
  sent,
  sfuMode,
  sfuPcs,
  sfuReceiver,
  type FakeSfu,
  useFakeCallWorld,
} from '../test-support/call-harness.js';

useFakeCallWorld();

const meshMode = (epoch: number) => ({ path: 'mesh' as const, epoch, pinned: false });

/** What the app is told, in order: `+id:source` for a track (`sfu`/`mesh` where from), `-` ended. */
function trackLog(call: Call): string[] {
  const log: string[] = [];
  call.on('track', (id, { track, source }) => {
    const sfu = sfuPcs(call).subscriber?.transceivers.some(
      (t) => t.receiver.track === (track as unknown),
    );
    log.push(`+${id}:${source}:${sfu === true ? 'sfu' : 'mesh'}`);
  });
  call.on('track-ended', (id, { source }) => log.push(`-${id}:${source}`));
  return log;
}

const pathNotices = (socket: FakeWebSocket) =>
  sent(socket, 'app')
    .filter((m) => (m.data as { type: string }).type === 'path')
    .map((m) => ({ to: m.to, ...(m.data as object) }));

/** A call with `a` connected peer to peer, switched to the SFU with a's feeds offered (muted). */
async function switchingToSfu(peers: string[] = ['a']) {
  const joined = await joinedCall('m', peers);
  const meshes = await Promise.all(peers.map((id) => connectMesh(joined.call, id)));
  joined.socket.receive({ type: 'room-mode', mode: sfuMode(1), reason: 'grew' });
  await vi.advanceTimersByTimeAsync(0);
  await joined.sfu.answerPublish();
  await joined.sfu.offer(
    1,
    peers.flatMap((peer) => [
      { peer, source: 'microphone' as const },
      { peer, source: 'camera' as const },
    ]),
  );
  return { ...joined, meshes };
}

/** The SFU delivers every received track. */
function sfuDelivers(call: Call): void {
  for (const t of sfuPcs(call).subscriber?.transceivers ?? []) t.receiver.track.setMuted(false);
}

async function settledOnSfu(sfu: FakeSfu, call: Call, socket: FakeWebSocket, peers: string[]) {
  sfuDelivers(call);
  for (const from of peers)
    socket.receive({ type: 'app', from, data: { type: 'path', via: 'sfu', epoch: 1 } });
  await vi.advanceTimersByTimeAsync(0);
  return sfu;
}

describe('switching mesh → SFU (make before break)', () => {
  it('swaps each track when its SFU copy delivers, tells the participant, keeps the mesh until it answers', async () => {
    const { call, socket, meshes } = await switchingToSfu();
    const log = trackLog(call);
    expect(log).toEqual([]);
    expect(pathNotices(socket)).toEqual([]);
    sfuReceiver(call, '0').receiver.track.setMuted(false);
    expect(log).toEqual(['+a:microphone:sfu']);
    // The camera still comes peer to peer only: nothing would be lost yet? It would.
    expect(pathNotices(socket)).toEqual([]);
    sfuReceiver(call, '1').receiver.track.setMuted(false);
    expect(log).toEqual(['+a:microphone:sfu', '+a:camera:sfu']);
    expect(pathNotices(socket)).toEqual([{ to: 'a', v: 1, type: 'path', via: 'sfu', epoch: 1 }]);
    expect(meshes[0]?.signalingState).not.toBe('closed');
    expect(call.participant('a')?.connection).toBe('connected');
    socket.receive({ type: 'app', from: 'a', data: { type: 'path', via: 'sfu', epoch: 1 } });
    expect(meshes[0]?.signalingState).toBe('closed');
    expect(meshPc(call, 'a')).toBeUndefined();
    // Nothing ended for the app: every track was replaced before the mesh went.
    expect(log).toEqual(['+a:microphone:sfu', '+a:camera:sfu']);
    // Now the SFU carries a: its connection state is the SFU's.
    expect(call.participant('a')?.connection).toBe('connecting');
    sfuPcs(call).publisher?.setIceState('connected');
    sfuPcs(call).subscriber?.setIceState('connected');
    expect(call.participant('a')?.connection).toBe('connected');
  });

  it('a chat while the room leaves the mesh goes on the data channel and through the server; once settled, through the server only', async () => {
    const { call, socket, sfu, meshes } = await switchingToSfu();
    meshes[0]?.openChannels();
    const chats = () =>
      sent(socket, 'app').filter((m) => (m.data as { type: string }).type === 'chat');
    const onChannel = () => meshes[0]?.channels[0]?.sent.filter((t) => t.includes('"chat"'));
    call.sendChat('during');
    // a may close its side first: the copy on the channel could be lost with it.
    expect([onChannel()?.length, chats().map((m) => m.to)]).toEqual([1, ['a']]);
    await settledOnSfu(sfu, call, socket, ['a']);
    call.sendChat('after');
    expect([onChannel()?.length, chats().map((m) => m.to)]).toEqual([1, ['a', 'a']]);
  });

  it('without the participant’s answer the mesh goes 15 s after its SFU media arrived', async () => {
    const { call, meshes } = await switchingToSfu();
    sfuDelivers(call);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(meshes[0]?.signalingState).not.toBe('closed');
    await vi.advanceTimersByTimeAsync(1);
    expect(meshes[0]?.signalingState).toBe('closed');
  });

  it('a notice that comes before our own room-mode is kept; one of another epoch or path is not', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a', 'b']);
    const meshA = await connectMesh(call, 'a');
    const meshB = await connectMesh(call, 'b');
    socket.receive({ type: 'app', from: 'a', data: { type: 'path', via: 'sfu', epoch: 1 } });
    socket.receive({ type: 'app', from: 'b', data: { type: 'path', via: 'sfu', epoch: 7 } });
    socket.receive({ type: 'room-mode', mode: sfuMode(1), reason: 'grew' });
    await vi.advanceTimersByTimeAsync(0);
    await sfu.answerPublish();
    await sfu.offer(1, [
      { peer: 'a', source: 'microphone' },
      { peer: 'a', source: 'camera' },
      { peer: 'b', source: 'microphone' },
      { peer: 'b', source: 'camera' },
    ]);
    sfuDelivers(call);
    expect(meshA.signalingState).toBe('closed');
    expect(meshB.signalingState).not.toBe('closed');
    socket.receive({ type: 'app', from: 'b', data: { type: 'path', via: 'mesh', epoch: 1 } });
    expect(meshB.signalingState).not.toBe('closed');
  });

  it('a participant that sends nothing: its notice starts the timeout', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    const mesh = await connectMesh(call, 'a');
    for (const t of mesh.transceivers) t.receiver.track.setMuted(true);
    socket.receive({ type: 'room-mode', mode: sfuMode(1), reason: 'grew' });
    socket.receive({ type: 'app', from: 'a', data: { type: 'path', via: 'sfu', epoch: 1 } });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(mesh.signalingState).toBe('closed');
  });
});

describe('switching SFU → mesh', () => {
  it('re-creates the mesh (the smaller id offers), then leaves the SFU when everyone is on it', async () => {
    const { call, socket, sfu } = await switchingToSfu(['a', 'z']);
    await settledOnSfu(sfu, call, socket, ['a', 'z']);
    expect([meshPc(call, 'a'), meshPc(call, 'z')]).toEqual([undefined, undefined]);
    const offersBefore = offersTo(socket).length;
    const settled: string[] = [];
    call.on('path-settled', (path) => settled.push(path));
    socket.receive({ type: 'room-mode', mode: meshMode(2), reason: 'shrank' });
    await vi.advanceTimersByTimeAsync(10);
    // m < z: we offer to z; a < m: a offers to us.
    expect(offersTo(socket).slice(offersBefore)).toEqual(['z']);
    expect(meshPc(call, 'a')).toBeDefined();
    await connectMesh(call, 'z');
    expect(pathNotices(socket).at(-1)).toEqual({
      to: 'z',
      v: 1,
      type: 'path',
      via: 'mesh',
      epoch: 2,
    });
    socket.receive({ type: 'app', from: 'z', data: { type: 'path', via: 'mesh', epoch: 2 } });
    expect(sent(socket, 'sfu-leave')).toEqual([]);
    // a never gets through peer to peer: 15 s after the switch began the SFU goes anyway.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(sent(socket, 'sfu-leave')).toEqual([{ type: 'sfu-leave', epoch: 1 }]);
    expect(sfuPcs(call).publisher).toBeUndefined();
    expect(settled).toEqual(['mesh']);
  });

  it('a room back on the mesh before any SFU media leaves the SFU at once', async () => {
    const { socket } = await switchingToSfu();
    socket.receive({ type: 'room-mode', mode: meshMode(2), reason: 'shrank' });
    expect(sent(socket, 'sfu-leave')).toEqual([{ type: 'sfu-leave', epoch: 1 }]);
  });

  it('the media server lost: the SFU connections go at once, the mesh comes back, then settles', async () => {
    const { call, socket, sfu } = await switchingToSfu(['z']);
    await settledOnSfu(sfu, call, socket, ['z']);
    const { publisher } = sfuPcs(call);
    const events: string[] = [];
    call.on('path', (path, reason) => events.push(`${path}:${reason}`));
    call.on('path-settled', (path) => events.push(`settled:${path}`));
    socket.receive({ type: 'room-mode', mode: meshMode(2), reason: 'sfu-lost' });
    expect(publisher?.signalingState).toBe('closed');
    expect(events).toEqual(['mesh:sfu-lost']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events).toEqual(['mesh:sfu-lost']);
    await connectMesh(call, 'z');
    socket.receive({ type: 'app', from: 'z', data: { type: 'path', via: 'mesh', epoch: 2 } });
    expect(events).toEqual(['mesh:sfu-lost', 'settled:mesh']);
    expect(sent(socket, 'sfu-leave')).toEqual([]);
  });
});
