import { describe, expect, it, vi } from 'vitest';
import type { ClientMessageInput } from '../../protocol/index.js';
import { callInternals } from './internals.js';
import { FakePeerConnection } from '../test-support/fake-peer-connection.js';
import { FakeWebSocket } from '../test-support/fake-websocket.js';
import {
  connectMesh,
  joinedCall,
  meshPc,
  offersTo,
  sent,
  welcome,
  useFakeCallWorld,
} from '../test-support/call-harness.js';

useFakeCallWorld();

describe('Call in a mesh', () => {
  it('the newcomer offers to every member in its welcome, through the signaling socket', async () => {
    const { call, socket } = await joinedCall('m', ['a', 'b']);
    expect(socket.url).toBe('ws://test/ws');
    expect(call.path).toBe('mesh');
    expect(offersTo(socket).sort()).toEqual(['a', 'b']);
    expect(call.participants.map((p) => [p.id, p.connection, p.webrtc])).toEqual([
      ['a', 'connecting', true],
      ['b', 'connecting', true],
    ]);
    expect(callInternals(call).mesh.peer('a')?.polite).toBe(true);
  });

  it('existing members wait for the newcomer’s offer; peer-left closes the connection', async () => {
    const { call, socket } = await joinedCall('m', []);
    const left: string[] = [];
    call.on('participant-left', (id) => left.push(id));
    socket.receive({ type: 'peer-joined', peer: { id: 'z', name: 'Zoe' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(offersTo(socket)).toEqual([]);
    const pc = meshPc(call, 'z');
    socket.receive({ type: 'peer-left', id: 'z' });
    expect(left).toEqual(['z']);
    expect(pc?.signalingState).toBe('closed');
    expect(call.participants).toEqual([]);
  });

  it('connection-state follows the connection; track events carry the remote tracks', async () => {
    const { call } = await joinedCall('m', ['a']);
    const states: string[] = [];
    const tracks: string[] = [];
    call.on('connection-state', (id, state) => states.push(`${id}:${state}`));
    call.on('track', (id, { source }) => tracks.push(`${id}:${source}`));
    await connectMesh(call, 'a');
    expect(states).toEqual(['a:connected']);
    expect(tracks.sort()).toEqual(['a:camera', 'a:microphone']);
    expect(call.participant('a')?.connection).toBe('connected');
  });

  it('after a resume it keeps connections, drops who left and waits for offers from who arrived', async () => {
    const { call, socket } = await joinedCall('m', ['a', 'b']);
    const pcA = meshPc(call, 'a');
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive(welcome('m', ['a', 'c'], { resume: 't2' }));
    await vi.advanceTimersByTimeAsync(10);
    expect(call.participants.map((p) => p.id)).toEqual(['a', 'c']);
    expect(meshPc(call, 'a')).toBe(pcA);
    expect(offersTo(next)).not.toContain('c');
    expect(call.state).toBe('joined');
  });

  it('after a resume it re-sends an offer that may have been lost in the dead connection', async () => {
    const { socket } = await joinedCall('m', ['a']);
    const isOffer = (m: ClientMessageInput) => m.type === 'signal' && 'description' in m.data;
    const offerBefore = socket.sent.find(isOffer);
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive(welcome('m', ['a'], { resume: 't2' }));
    expect(next.sent.find(isOffer)).toEqual(offerBefore);
  });

  it('a network change checks signaling and restarts ICE on every connection at once', async () => {
    const network = { window: new EventTarget(), connection: null, isOnline: () => true };
    const { call, socket } = await joinedCall('m', ['a', 'b'], { networkSources: network });
    const pcs = ['a', 'b'].map((id) => meshPc(call, id));
    for (const pc of pcs) pc?.setIceState('connected');
    const pings = () => sent(socket, 'ping').length;
    const before = pings();
    network.window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(300);
    expect(pings()).toBe(before + 1);
    expect(sent(socket, 'refresh-ice')).toHaveLength(2);
    socket.receive({ type: 'ice-servers', iceServers: [] });
    await vi.advanceTimersByTimeAsync(10);
    expect(pcs.map((pc) => pc?.restarts)).toEqual([1, 1]);
    call.close();
    network.window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(300);
    expect(pcs.map((pc) => pc?.restarts)).toEqual([1, 1]);
  });

  it('after a failed resume (new id) it rebuilds every connection and offers again', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    const joined: string[] = [];
    call.on('joined', (self) => joined.push(self.id));
    const oldPc = meshPc(call, 'a');
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive({ type: 'error', code: 'resume-failed', message: 'gone' });
    next.receive(welcome('m2', ['a']));
    await vi.advanceTimersByTimeAsync(10);
    expect(joined).toEqual(['m2']);
    expect(oldPc?.signalingState).toBe('closed');
    expect(meshPc(call, 'a')).not.toBe(oldPc);
    expect(offersTo(next)).toEqual(['a']);
  });

  it('rebuilds a failed connection: the impolite side offers a fresh session at once', async () => {
    const { call, socket } = await joinedCall('m', ['z']);
    const pc = meshPc(call, 'z');
    pc?.setIceState('connected');
    pc?.setIceState('failed');
    socket.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(31_000);
    expect(pc?.signalingState).toBe('closed');
    expect(meshPc(call, 'z')).not.toBe(pc);
    expect(offersTo(socket)).toEqual(['z', 'z', 'z', 'z', 'z']);
  });

  it('a connection that never connects is failed after connectTimeoutMs, not connecting forever', async () => {
    const { call } = await joinedCall('m', ['z'], { connectTimeoutMs: 30_000 });
    const states: string[] = [];
    call.on('connection-state', (_id, state) => states.push(state));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(call.participant('z')?.connection).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1000);
    expect(call.participant('z')).toMatchObject({
      connection: 'failed',
      failure: 'connect-timeout',
    });
    // It keeps trying (a rebuilt connection), and says failed until one connects.
    await vi.advanceTimersByTimeAsync(100);
    expect(states).toEqual(['failed']);
    meshPc(call, 'z')?.setIceState('connected');
    expect(call.participant('z')).toMatchObject({ connection: 'connected', failure: null });
  });

  it('validates peer messages: state updates the participant, garbage is reported, chat passes once', async () => {
    const { call } = await joinedCall('m', ['a']);
    const events: string[] = [];
    call.on('media-state', (id, state) => events.push(`${id}:${JSON.stringify(state)}`));
    call.on('message', (id, message) => events.push(`${id}:${message.type}`));
    call.on('error', (error) => events.push(error.code));
    const channel = meshPc(call, 'a')?.channels[0];
    const deliver = (data: string) =>
      channel?.dispatchEvent(Object.assign(new Event('message'), { data }));
    deliver(JSON.stringify({ type: 'state', audio: false, video: true, screen: false }));
    deliver(JSON.stringify({ type: 'chat', id: '1', text: 'hi', sentAt: 1 }));
    deliver(JSON.stringify({ type: 'chat', id: '1', text: 'hi', sentAt: 1 }));
    deliver('{"type":"chat","text":"no id"}');
    deliver('x'.repeat(20_000));
    expect(events).toEqual([
      'a:{"audio":false,"video":true,"screen":false}',
      'a:chat',
      'bad-peer-message',
      'bad-peer-message',
    ]);
    expect(call.participant('a')?.media).toEqual({ audio: false, video: true, screen: false });
  });

  it('sends chat and media state over open data channels, through the server otherwise', async () => {
    const { call, socket } = await joinedCall('m', ['a', 'b']);
    meshPc(call, 'a')?.openChannels();
    const chat = call.sendChat('hello');
    call.setMediaState({ audio: false });
    const onChannel = meshPc(call, 'a')?.channels[0]?.sent.map(
      (text) => JSON.parse(text) as { type: string; id?: string },
    );
    expect(onChannel?.map((m) => m.type)).toEqual(['state', 'chat', 'state']);
    expect(onChannel?.[1]?.id).toBe(chat.id);
    // b's channel is about to open: the messages wait for it, then take the server's relay.
    const relayed = () => sent(socket, 'app').map((m) => [m.to, (m.data as { type: string }).type]);
    expect(relayed()).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(relayed()).toEqual([
      ['b', 'chat'],
      ['b', 'state'],
    ]);
  });

  it('messages for a channel about to open go on it once it opens, in order', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    call.sendChat('one');
    call.broadcast({ type: 'hand', raised: true, seq: 1 });
    meshPc(call, 'a')?.openChannels();
    const onChannel = meshPc(call, 'a')?.channels[0]?.sent.map(
      (text) => (JSON.parse(text) as { type: string }).type,
    );
    expect(onChannel).toEqual(['chat', 'hand', 'state']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent(socket, 'app')).toEqual([]);
  });

  it('a chat that arrives twice (data channel and relay) is delivered once', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    const chats: string[] = [];
    call.on('message', (_id, message) => message.type === 'chat' && chats.push(message.text));
    const message = { type: 'chat', id: 'x1', text: 'once', sentAt: 5 } as const;
    socket.receive({ type: 'app', from: 'a', data: message });
    meshPc(call, 'a')?.channels[0]?.dispatchEvent(
      Object.assign(new Event('message'), { data: JSON.stringify(message) }),
    );
    socket.receive({ type: 'app', from: 'a', data: { ...message, id: 'x2', text: 'twice' } });
    expect(chats).toEqual(['once', 'twice']);
  });

  it('scales every camera sender down as the meeting grows (peers silent about their view)', async () => {
    const { call, socket } = await joinedCall('m', ['a', 'b']);
    for (const id of ['c', 'd', 'e'])
      socket.receive({ type: 'peer-joined', peer: { id, name: id } });
    await vi.advanceTimersByTimeAsync(10);
    const encodings = ['a', 'b'].map(
      (id) => meshPc(call, id)?.transceivers[1]?.sender.parameters.encodings[0],
    );
    expect(encodings).toEqual([
      { active: true, maxBitrate: 200_000, maxFramerate: 12, scaleResolutionDownBy: 4 },
      { active: true, maxBitrate: 200_000, maxFramerate: 12, scaleResolutionDownBy: 4 },
    ]);
  });

  it("fits a peer's camera copy to how it shows us (its view message), and pauses it when hidden", async () => {
    const { call } = await joinedCall('m', ['a', 'b']);
    const encoding = (id: string) =>
      meshPc(call, id)?.transceivers[1]?.sender.parameters.encodings[0];
    const view = (visible: boolean) => ({
      v: 1,
      type: 'view',
      width: 320,
      height: 180,
      visible,
      spotlight: false,
      saver: false,
    });
    const channel = meshPc(call, 'a')?.channels[0];
    channel?.dispatchEvent(
      Object.assign(new Event('message'), { data: JSON.stringify(view(true)) }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(encoding('a')).toMatchObject({ active: true, maxFramerate: 24 });
    expect(encoding('b')?.active).not.toBe(false);
    channel?.dispatchEvent(
      Object.assign(new Event('message'), { data: JSON.stringify(view(false)) }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(encoding('a')).toMatchObject({ active: false });
    expect(encoding('b')?.active).not.toBe(false);
  });

  it('tells each peer how we show it, in device pixels, after the burst of resizes', async () => {
    const { call } = await joinedCall('m', ['a']);
    meshPc(call, 'a')?.openChannels();
    call.setView('a', 'camera', { width: 300, height: 200, visible: true, spotlight: true });
    call.setView('a', 'camera', { width: 320, height: 180, visible: true, spotlight: true });
    await vi.advanceTimersByTimeAsync(400);
    const sent = meshPc(call, 'a')?.channels[0]?.sent.map(
      (text) => JSON.parse(text) as { type: string },
    );
    expect(sent?.filter((m) => m.type === 'view')).toEqual([
      expect.objectContaining({
        type: 'view',
        width: 320,
        height: 180,
        spotlight: true,
        saver: false,
      }),
    ]);
  });

  it('close() leaves the room and closes every connection, once', async () => {
    const { call, socket } = await joinedCall('m', ['a', 'b']);
    let closed = 0;
    call.on('closed', () => closed++);
    call.close();
    call.close();
    expect(closed).toBe(1);
    expect(socket.sent.at(-1)).toEqual({ type: 'leave' });
    expect(FakePeerConnection.created.every((pc) => pc.signalingState === 'closed')).toBe(true);
    expect(call.state).toBe('closed');
  });
});
