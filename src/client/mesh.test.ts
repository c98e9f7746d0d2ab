import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessageInput, WelcomeMessage } from '../protocol/index.js';
import { Mesh } from './mesh.js';
import type { MeshOptions } from './mesh-types.js';
import { BackoffReconnectPolicy } from './reconnect-policy.js';
import { FakePeerConnection } from './test-support/fake-peer-connection.js';
import { FakeWebSocket } from './test-support/fake-websocket.js';

const welcome = (id: string, peers: string[], resume = `t-${id}`): WelcomeMessage => ({
  type: 'welcome',
  v: 2,
  self: { id, name: id },
  peers: peers.map((p) => ({ id: p, name: p })),
  iceServers: [],
  resume,
  mode: { path: 'mesh', epoch: 0, pinned: false },
});

const offersTo = (socket: FakeWebSocket) =>
  socket.sent
    .filter((m): m is Extract<ClientMessageInput, { type: 'signal' }> => m.type === 'signal')
    .filter((m) => 'description' in m.data && m.data.description.type === 'offer')
    .map((m) => m.to);

async function joinedMesh(selfId: string, peers: string[], extra: Partial<MeshOptions> = {}) {
  const mesh = new Mesh({
    ...extra,
    room: 'r',
    name: selfId,
    server: 'http://test',
    createPeerConnection: FakePeerConnection.factory(),
    signaling: {
      createWebSocket: FakeWebSocket.factory(),
      reconnectPolicy: new BackoffReconnectPolicy(10, () => 0.5),
      // The scripted server never answers pings; keep the socket regardless.
      deadAfterMs: Number.MAX_SAFE_INTEGER,
    },
  });
  const joining = mesh.join();
  await vi.advanceTimersByTimeAsync(0);
  const socket = FakeWebSocket.latest();
  socket.open();
  socket.receive(welcome(selfId, peers));
  await joining;
  await vi.advanceTimersByTimeAsync(10);
  return { mesh, socket };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  FakePeerConnection.created = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Mesh', () => {
  it('the newcomer offers to every member in its welcome, through the signaling socket', async () => {
    const { mesh, socket } = await joinedMesh('m', ['a', 'b']);
    expect(socket.url).toBe('ws://test/ws');
    expect(offersTo(socket).sort()).toEqual(['a', 'b']);
    expect(mesh.participants.map((p) => p.id)).toEqual(['a', 'b']);
    expect(mesh.participants.map((p) => p.peer.polite)).toEqual([true, true]);
  });

  it('existing members wait for the newcomer’s offer; peer-left closes the connection', async () => {
    const { mesh, socket } = await joinedMesh('m', []);
    const left: string[] = [];
    mesh.on('participant-left', (id) => left.push(id));
    socket.receive({ type: 'peer-joined', peer: { id: 'z', name: 'Zoe' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(offersTo(socket)).toEqual([]);
    const peer = mesh.participant('z')?.peer;
    socket.receive({ type: 'peer-left', id: 'z' });
    expect(left).toEqual(['z']);
    expect(peer?.state).toBe('closed');
    expect(mesh.participants).toEqual([]);
  });

  it('after a resume it keeps connections, drops who left and waits for offers from who arrived', async () => {
    const { mesh, socket } = await joinedMesh('m', ['a', 'b']);
    const peerA = mesh.participant('a')?.peer;
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive(welcome('m', ['a', 'c'], 't2'));
    await vi.advanceTimersByTimeAsync(10);
    expect(mesh.participants.map((p) => p.id)).toEqual(['a', 'c']);
    expect(mesh.participant('a')?.peer).toBe(peerA);
    // No offer to the newcomer c: it offers to us. (Our unanswered offer to a is re-sent.)
    expect(offersTo(next)).not.toContain('c');
    expect(mesh.state).toBe('joined');
  });

  it('after a resume it re-sends an offer that may have been lost in the dead connection', async () => {
    const { socket } = await joinedMesh('m', ['a']);
    const isOffer = (m: ClientMessageInput) => m.type === 'signal' && 'description' in m.data;
    const offerBefore = socket.sent.find(isOffer);
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive(welcome('m', ['a'], 't2'));
    expect(next.sent.find(isOffer)).toEqual(offerBefore);
  });

  it('a connection that starts reconnecting makes signaling check it is alive', async () => {
    const { mesh, socket } = await joinedMesh('m', ['a']);
    const pc = mesh.participant('a')?.peer.pc as unknown as FakePeerConnection;
    pc.setIceState('connected');
    const pings = () => socket.sent.filter((m) => m.type === 'ping').length;
    const before = pings();
    pc.setIceState('disconnected');
    expect(pings()).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(socket.closedWith).toBe(4000);
  });

  it('a network change checks signaling and restarts ICE on every connection at once', async () => {
    const network = { window: new EventTarget(), connection: null, isOnline: () => true };
    const { mesh, socket } = await joinedMesh('m', ['a', 'b'], { networkSources: network });
    const pcs = mesh.participants.map((p) => p.peer.pc as unknown as FakePeerConnection);
    for (const pc of pcs) pc.setIceState('connected');
    const pings = () => socket.sent.filter((m) => m.type === 'ping').length;
    const before = pings();
    network.window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(300);
    expect(pings()).toBe(before + 1);
    // Each restart first asks for fresh TURN credentials.
    expect(socket.sent.filter((m) => m.type === 'refresh-ice')).toHaveLength(2);
    socket.receive({ type: 'ice-servers', iceServers: [] });
    await vi.advanceTimersByTimeAsync(10);
    expect(pcs.map((pc) => pc.restarts)).toEqual([1, 1]);
    expect(offersTo(socket).sort()).toEqual(['a', 'a', 'b', 'b']);

    mesh.close();
    network.window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(300);
    expect(pcs.map((pc) => pc.restarts)).toEqual([1, 1]);
  });

  it('after a failed resume (new id) it rebuilds every connection and offers again', async () => {
    const { mesh, socket } = await joinedMesh('m', ['a']);
    const joined: string[] = [];
    mesh.on('joined', (self) => joined.push(self.id));
    const oldPeer = mesh.participant('a')?.peer;
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive({ type: 'error', code: 'resume-failed', message: 'gone' });
    next.receive(welcome('m2', ['a']));
    await vi.advanceTimersByTimeAsync(10);
    expect(joined).toEqual(['m2']);
    expect(oldPeer?.state).toBe('closed');
    expect(mesh.participant('a')?.peer).not.toBe(oldPeer);
    expect(offersTo(next)).toEqual(['a']);
  });

  it('rebuilds a failed connection: the impolite side offers a fresh session at once', async () => {
    // 'a' < 'm': we (m) are polite towards a; towards 'z' we are impolite.
    const { mesh, socket } = await joinedMesh('m', ['z']);
    const peer = mesh.participant('z')?.peer;
    const pc = peer?.pc as unknown as FakePeerConnection;
    const sentBefore = socket.sent.length;
    pc.setIceState('connected');
    pc.setIceState('failed');
    socket.receive({ type: 'pong' }); // signaling answers the liveness probe
    await vi.advanceTimersByTimeAsync(31_000);
    const rebuilt = mesh.participant('z')?.peer;
    expect(peer?.state).toBe('closed');
    expect(rebuilt).not.toBe(peer);
    const sessionsOf = (messages: ClientMessageInput[]) =>
      messages.flatMap((m) =>
        m.type === 'signal' && 'description' in m.data
          ? [/^o=- (\d+)/m.exec(m.data.description.sdp)?.[1]]
          : [],
      );
    const [original] = sessionsOf(socket.sent.slice(0, sentBefore));
    const after = sessionsOf(socket.sent.slice(sentBefore));
    expect(original).toBeDefined();
    expect(after.length).toBeGreaterThan(0);
    expect(after.at(-1)).not.toBe(original);
  });

  it('replaces its connection when the other side offers a new session (it rebuilt)', async () => {
    const { mesh, socket } = await joinedMesh('m', []);
    socket.receive({ type: 'peer-joined', peer: { id: 'a', name: 'A' } });
    const remote1 = new FakePeerConnection();
    remote1.addTransceiver('audio');
    await remote1.setLocalDescription();
    socket.receive({
      type: 'signal',
      from: 'a',
      data: { description: { type: 'offer', sdp: remote1.localDescription?.sdp ?? '' } },
    });
    await vi.advanceTimersByTimeAsync(10);
    const first = mesh.participant('a')?.peer;
    const remote2 = new FakePeerConnection();
    remote2.addTransceiver('audio');
    await remote2.setLocalDescription();
    socket.receive({
      type: 'signal',
      from: 'a',
      data: { description: { type: 'offer', sdp: remote2.localDescription?.sdp ?? '' } },
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(first?.state).toBe('closed');
    expect(mesh.participant('a')?.peer.remoteSessionId).toBe(
      /^o=- (\d+)/m.exec(remote2.localDescription?.sdp ?? '')?.[1],
    );
  });

  it('validates peer messages: state updates the participant, garbage is reported, chat passes', async () => {
    const { mesh } = await joinedMesh('m', ['a']);
    const peer = mesh.participant('a')?.peer;
    const pc = peer?.pc as unknown as FakePeerConnection;
    const events: string[] = [];
    mesh.on('media-state', (id, state) => events.push(`${id}:${JSON.stringify(state)}`));
    mesh.on('message', (id, message) => events.push(`${id}:${message.type}`));
    mesh.on('error', (error) => events.push(error.code));
    const channel = pc.channels[0];
    const deliver = (data: string) =>
      channel?.dispatchEvent(Object.assign(new Event('message'), { data }));
    deliver(JSON.stringify({ type: 'state', audio: false, video: true, screen: false }));
    deliver(JSON.stringify({ type: 'chat', id: '1', text: 'hi', sentAt: 1 }));
    deliver('{"type":"chat","text":"no id"}');
    deliver('x'.repeat(20_000));
    expect(events).toEqual([
      'a:{"audio":false,"video":true,"screen":false}',
      'a:chat',
      'bad-peer-message',
      'bad-peer-message',
    ]);
    expect(mesh.participant('a')?.media).toEqual({ audio: false, video: true, screen: false });
  });

  it('sends chat and media state over the open data channels only', async () => {
    const { mesh } = await joinedMesh('m', ['a']);
    const pc = mesh.participant('a')?.peer.pc as unknown as FakePeerConnection;
    pc.openChannels();
    mesh.sendChat('hello');
    mesh.setMediaState({ audio: false });
    const sent = pc.channels[0]?.sent.map((text) => JSON.parse(text) as { type: string });
    expect(sent?.map((m) => m.type)).toEqual(['state', 'chat', 'state']);
  });

  it('scales every camera sender down as the meeting grows', async () => {
    const { mesh, socket } = await joinedMesh('m', ['a', 'b']);
    const encodings = () =>
      mesh.participants.map(
        (p) =>
          (p.peer.pc as unknown as FakePeerConnection).transceivers[1]?.sender.parameters
            .encodings[0],
      );
    for (const id of ['c', 'd', 'e'])
      socket.receive({ type: 'peer-joined', peer: { id, name: id } });
    await vi.advanceTimersByTimeAsync(10);
    // Six participants: 200 kbit/s, 12 fps, 180 p. The offered senders (a, b) have encodings.
    expect(encodings().slice(0, 2)).toEqual([
      { maxBitrate: 200_000, maxFramerate: 12, scaleResolutionDownBy: 1 },
      { maxBitrate: 200_000, maxFramerate: 12, scaleResolutionDownBy: 1 },
    ]);
  });

  it('close() leaves the room and closes every connection, once', async () => {
    const { mesh, socket } = await joinedMesh('m', ['a', 'b']);
    let closed = 0;
    mesh.on('closed', () => closed++);
    mesh.close();
    mesh.close();
    expect(closed).toBe(1);
    expect(socket.sent.at(-1)).toEqual({ type: 'leave' });
    expect(FakePeerConnection.created.every((pc) => pc.signalingState === 'closed')).toBe(true);
  });
});
