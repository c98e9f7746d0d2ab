import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, ERROR_EFFECTS, type WelcomeMessage } from '../protocol/index.js';
import { BackoffReconnectPolicy } from './reconnect-policy.js';
import { SignalingClient } from './signaling-client.js';
import type { JoinKind } from './signaling-types.js';
import { FakeWebSocket } from './test-support/fake-websocket.js';

const welcome = (
  id: string,
  resume: string,
  peers: WelcomeMessage['peers'] = [],
): WelcomeMessage => ({
  type: 'welcome',
  v: 3,
  self: { id, name: 'Ann' },
  peers,
  iceServers: [],
  resume,
  mode: { path: 'mesh', epoch: 0, pinned: false },
  room: { host: id, locked: false, lobby: false, passcode: false },
});

function client(extra: Partial<ConstructorParameters<typeof SignalingClient>[0]> = {}) {
  return new SignalingClient({
    url: 'ws://test/ws',
    room: 'r',
    name: 'Ann',
    createWebSocket: FakeWebSocket.factory(),
    reconnectPolicy: new BackoffReconnectPolicy(10, () => 0.5),
    ...extra,
  });
}

async function joined(
  signaling: SignalingClient,
  id = 'me',
  resume = 't1',
): Promise<FakeWebSocket> {
  const joining = signaling.connect();
  const socket = FakeWebSocket.latest();
  socket.open();
  socket.receive(welcome(id, resume));
  await joining;
  return socket;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SignalingClient', () => {
  it('joins with protocol v2 and resolves with the welcome', async () => {
    const signaling = client({ token: 'jwt' });
    const states: string[] = [];
    signaling.on('state', (s) => states.push(s));
    const socket = await joined(signaling);
    expect(socket.sent[0]).toEqual({ type: 'join', v: 3, room: 'r', name: 'Ann', token: 'jwt' });
    expect(states).toEqual(['connecting', 'joined']);
    expect(signaling.self).toEqual({ id: 'me', name: 'Ann' });
  });

  it('pings every 5 s and treats 15 s of silence as a dead connection: closes with 4000, resumes', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    await vi.advanceTimersByTimeAsync(5000);
    expect(socket.lastSent()).toEqual({ type: 'ping' });
    socket.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(signaling.state).toBe('joined');
    await vi.advanceTimersByTimeAsync(5000);
    expect(socket.closedWith).toBe(4000);
    expect(signaling.state).toBe('reconnecting');
    // First retry within 1 s.
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    expect(next).not.toBe(socket);
    next.open();
    expect(next.sent[0]).toEqual({ type: 'join', v: 3, room: 'r', name: 'Ann', resume: 't1' });
  });

  it('resumes the same id after a drop and sends the signals written meanwhile', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    const kinds: JoinKind[] = [];
    signaling.on('joined', (_w, kind) => kinds.push(kind));
    socket.drop();
    signaling.sendSignal('peer-1', { candidate: null });
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive(welcome('me', 't2', [{ id: 'peer-1', name: 'Bob' }]));
    expect(kinds).toEqual(['resumed']);
    expect(next.sent.slice(1)).toEqual([
      { type: 'signal', to: 'peer-1', data: { candidate: null } },
    ]);
    // The next resume uses the rotated token.
    next.drop();
    await vi.advanceTimersByTimeAsync(1000);
    FakeWebSocket.latest().open();
    expect(FakeWebSocket.latest().sent[0]).toMatchObject({ resume: 't2' });
  });

  it('joins afresh when the resume fails, and reports a rejoin with the new id', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    const kinds: JoinKind[] = [];
    signaling.on('joined', (_w, kind) => kinds.push(kind));
    socket.drop();
    signaling.sendSignal('peer-1', { candidate: null });
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive({ type: 'error', code: 'resume-failed', message: 'expired' });
    expect(next.lastSent()).toEqual({ type: 'join', v: 3, room: 'r', name: 'Ann' });
    next.receive(welcome('new-me', 't9'));
    expect(kinds).toEqual(['rejoined']);
    expect(signaling.self?.id).toBe('new-me');
    expect(next.sent.filter((m) => m.type === 'signal')).toEqual([]);
  });

  it('backs off with jitter and gives up after the documented number of attempts', async () => {
    const signaling = client({ reconnectPolicy: new BackoffReconnectPolicy(3, () => 0.5) });
    const socket = await joined(signaling);
    const closed = signaling.next('closed');
    socket.drop();
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(7000);
      FakeWebSocket.latest().drop();
    }
    const [error] = await closed;
    expect(error?.code).toBe('reconnect-gave-up');
    expect(FakeWebSocket.instances).toHaveLength(4);
    expect(signaling.state).toBe('closed');
  });

  it('rejects the first join on room-full and unauthorized with the server code', async () => {
    for (const code of ['room-full', 'unauthorized'] as const) {
      const signaling = client();
      const joining = signaling.connect();
      const socket = FakeWebSocket.latest();
      socket.open();
      socket.receive({ type: 'error', code, message: code });
      await expect(joining).rejects.toMatchObject({ code });
      expect(signaling.state).toBe('closed');
    }
  });

  it('fails fast when the server cannot be reached at first', async () => {
    const signaling = client();
    const joining = signaling.connect();
    FakeWebSocket.latest().drop();
    await expect(joining).rejects.toMatchObject({ code: 'connection-failed' });
  });

  it('goes through the fallback nodes in turn, for the first join and for resumes', async () => {
    const signaling = client({ fallbackUrls: ['ws://b/ws', 'ws://c/ws'] });
    const joining = signaling.connect();
    FakeWebSocket.latest().drop();
    expect(FakeWebSocket.latest().url).toBe('ws://b/ws');
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().receive(welcome('me', 't1'));
    await joining;
    FakeWebSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWebSocket.latest().url).toBe('ws://c/ws');
    FakeWebSocket.latest().open();
    expect(FakeWebSocket.latest().sent[0]).toMatchObject({ resume: 't1' });
    expect(FakeWebSocket.instances.map((s) => s.url)).toEqual([
      'ws://test/ws',
      'ws://b/ws',
      'ws://c/ws',
    ]);
  });

  it('probe() drops a socket that does not answer within the timeout, and keeps one that does', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    signaling.probe(2000);
    expect(socket.lastSent()).toEqual({ type: 'ping' });
    socket.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(signaling.state).toBe('joined');
    signaling.probe(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(socket.closedWith).toBe(4000);
    expect(signaling.state).toBe('reconnecting');
  });

  it('reconnects after server-shutdown (drain) instead of giving up', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    const reported: string[] = [];
    signaling.on('server-error', (error) => reported.push(error.code));
    socket.receive({ type: 'error', code: 'server-shutdown', message: 'restarting' });
    socket.drop(1012);
    expect(signaling.state).toBe('reconnecting');
    expect(reported).toEqual(['server-shutdown']);
  });

  it('acts on every server error code as the protocol says the server does', async () => {
    for (const code of ERROR_CODES.filter((c) => c !== 'resume-failed')) {
      const signaling = client();
      const socket = await joined(signaling);
      const reported: string[] = [];
      signaling.on('server-error', (error) => reported.push(error.code));
      const ended = new Promise<string | undefined>((resolve) => {
        signaling.on('closed', (error) => {
          resolve(error?.code);
        });
      });
      socket.receive({ type: 'error', code, message: code });
      const effect = ERROR_EFFECTS[code];
      if (effect.connection !== 'stays-open') socket.drop(effect.closeCode);
      const expected = {
        'stays-open': { state: 'joined', reported: [code] },
        'closes-then-resume': { state: 'reconnecting', reported: [code] },
        'closes-for-good': { state: 'closed', reported: [] },
      }[effect.connection];
      expect({ state: signaling.state, reported }, code).toEqual(expected);
      if (effect.connection === 'closes-for-good') expect(await ended).toBe(code);
      signaling.close();
    }
  });

  it('refreshes ICE servers on request and applies pushed ones', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    const refreshed = signaling.refreshIceServers();
    expect(socket.lastSent()).toEqual({ type: 'refresh-ice' });
    const servers = [{ urls: 'turn:t', username: '1:me', credential: 'c' }];
    socket.receive({ type: 'ice-servers', iceServers: servers });
    await expect(refreshed).resolves.toEqual(servers);
    expect(signaling.iceServers).toEqual(servers);
  });

  it('a refresh lost in a dead socket is answered by the welcome of the resume', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    const refreshed = signaling.refreshIceServers();
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    const servers = [{ urls: 'turn:t', username: '2:me', credential: 'c2' }];
    next.receive({ ...welcome('me', 't2'), iceServers: servers });
    await expect(refreshed).resolves.toEqual(servers);
  });

  it('says webrtc:false in the join of a client without WebRTC, and only then', async () => {
    const without = client({ webrtc: false });
    expect((await joined(without)).sent[0]).toMatchObject({ type: 'join', webrtc: false });
    const plain = client();
    expect((await joined(plain, 'me2')).sent[0]).not.toHaveProperty('webrtc');
  });

  it('hands room modes, relayed app data and SFU messages on as typed events; sends them too', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    expect(signaling.mode).toEqual({ path: 'mesh', epoch: 0, pinned: false });
    const events: unknown[] = [];
    signaling.on('room-mode', (mode, reason) => events.push(['room-mode', mode.path, reason]));
    signaling.on('app', (from, data) => events.push(['app', from, data]));
    signaling.on('sfu-answer', (m) => events.push([m.type, m.epoch]));
    signaling.on('sfu-offer', (m) => events.push([m.type, m.streams.length]));
    signaling.on('sfu-candidate', (m) => events.push([m.type, m.pc]));
    const mode = { path: 'sfu' as const, epoch: 1, pinned: false };
    socket.receive({ type: 'room-mode', mode, reason: 'grew' });
    socket.receive({ type: 'app', from: 'x', data: { n: 1 } });
    socket.receive({ type: 'sfu-answer', epoch: 1, sdp: 'v=0' });
    socket.receive({ type: 'sfu-offer', epoch: 1, sdp: 'v=0', streams: [] });
    socket.receive({ type: 'sfu-candidate', epoch: 1, pc: 'subscriber', candidate: null });
    expect(events).toEqual([
      ['room-mode', 'sfu', 'grew'],
      ['app', 'x', { n: 1 }],
      ['sfu-answer', 1],
      ['sfu-offer', 0],
      ['sfu-candidate', 'subscriber'],
    ]);
    expect(signaling.mode).toEqual(mode);
    signaling.sendApp({ type: 'chat' }, 'x');
    signaling.sendSfu({ type: 'sfu-leave', epoch: 1 });
    expect(socket.sent.slice(-2)).toEqual([
      { type: 'app', data: { type: 'chat' }, to: 'x' },
      { type: 'sfu-leave', epoch: 1 },
    ]);
  });

  it('close() leaves the room, closes with 1000 and is idempotent', async () => {
    const signaling = client();
    const socket = await joined(signaling);
    let closedEvents = 0;
    signaling.on('closed', () => closedEvents++);
    signaling.close();
    signaling.close();
    expect(socket.sent.at(-1)).toEqual({ type: 'leave' });
    expect(socket.closedWith).toBe(1000);
    expect(closedEvents).toBe(1);
  });
});

describe('BackoffReconnectPolicy', () => {
  it('first try within 1 s, then about 3, 5 and 7 s with ±50 % jitter, capped, then gives up', () => {
    const low = new BackoffReconnectPolicy(10, () => 0);
    const high = new BackoffReconnectPolicy(10, () => 0.999);
    expect(low.nextDelayMs(0)).toBe(0);
    expect(high.nextDelayMs(0)).toBeLessThanOrEqual(1000);
    expect([1, 2, 3, 9].map((a) => low.nextDelayMs(a))).toEqual([1500, 2500, 3500, 3500]);
    expect([1, 2, 3, 9].map((a) => high.nextDelayMs(a))).toEqual([4497, 7495, 10493, 10493]);
    expect(low.nextDelayMs(10)).toBeNull();
  });
});
