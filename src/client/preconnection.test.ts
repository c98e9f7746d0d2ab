import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WelcomeMessage } from '../protocol/index.js';
import { Preconnection } from './preconnection.js';
import { SignalingClient } from './signaling-client.js';
import { FakeWebSocket } from './test-support/fake-websocket.js';

const URL = 'ws://test/ws';

const welcome: WelcomeMessage = {
  type: 'welcome',
  v: 3,
  self: { id: 'me', name: 'Ann' },
  peers: [],
  iceServers: [],
  resume: 't1',
  mode: { path: 'mesh', epoch: 0, pinned: false },
  room: { host: 'me', locked: false, lobby: false, passcode: false },
};

const preconnect = () =>
  new Preconnection({ server: URL, createWebSocket: FakeWebSocket.factory() });

function signalingOn(pre: Preconnection): SignalingClient {
  return new SignalingClient({
    url: URL,
    room: 'r',
    name: 'Ann',
    createWebSocket: FakeWebSocket.factory(),
    adoptSocket: (url) => pre.take(url),
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Preconnection', () => {
  it('opens at once and says hello, without joining', () => {
    const pre = preconnect();
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe(URL);
    expect(pre.connected).toBe(true);
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', v: 3 }]);
  });

  it('keeps the connection alive with pings, and drops it when the server goes silent', () => {
    const pre = preconnect();
    const socket = FakeWebSocket.latest();
    socket.open();
    vi.advanceTimersByTime(5000);
    expect(socket.lastSent()).toEqual({ type: 'ping' });
    socket.receive({ type: 'pong' });
    vi.advanceTimersByTime(20_000);
    expect(socket.closedWith).toBe(1000);
    expect(pre.connected).toBe(false);
  });

  it('the call joins on it: one connection, the join right after the hello', async () => {
    const pre = preconnect();
    FakeWebSocket.latest().open();
    const signaling = signalingOn(pre);
    const joining = signaling.connect();
    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.latest();
    expect(socket.sent.map((m) => m.type)).toEqual(['hello', 'join']);
    socket.receive(welcome);
    await joining;
    expect(signaling.state).toBe('joined');
    // Handed over: closing the pre-join side leaves the call's connection alone.
    pre.close();
    expect(socket.closedWith).toBeNull();
    expect(signaling.state).toBe('joined');
  });

  it('hands over a connection still opening: the join (no hello) goes out when it opens', async () => {
    const pre = preconnect();
    const signaling = signalingOn(pre);
    const joining = signaling.connect();
    const socket = FakeWebSocket.latest();
    expect(FakeWebSocket.instances).toHaveLength(1);
    socket.open();
    expect(socket.sent.map((m) => m.type)).toEqual(['join']);
    socket.receive(welcome);
    await joining;
  });

  it('a connection the server closed is not used: the call opens its own', async () => {
    const pre = preconnect();
    const first = FakeWebSocket.latest();
    first.open();
    first.drop(1008);
    expect(pre.connected).toBe(false);
    const signaling = signalingOn(pre);
    const joining = signaling.connect();
    expect(FakeWebSocket.instances).toHaveLength(2);
    const own = FakeWebSocket.latest();
    own.open();
    expect(own.sent.map((m) => m.type)).toEqual(['join']);
    own.receive(welcome);
    await joining;
  });

  it('wake reopens a connection that went, and only then', () => {
    const pre = preconnect();
    FakeWebSocket.latest().open();
    pre.wake();
    expect(FakeWebSocket.instances).toHaveLength(1);
    FakeWebSocket.latest().drop();
    pre.wake();
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().open();
    expect(FakeWebSocket.latest().sent).toEqual([{ type: 'hello', v: 3 }]);
  });

  it('if the adopted connection dies before the welcome, the call opens a fresh one', async () => {
    const pre = preconnect();
    FakeWebSocket.latest().open();
    const signaling = signalingOn(pre);
    const joining = signaling.connect();
    FakeWebSocket.latest().drop();
    expect(FakeWebSocket.instances).toHaveLength(2);
    const fresh = FakeWebSocket.latest();
    expect(fresh.url).toBe(URL);
    fresh.open();
    fresh.receive(welcome);
    await expect(joining).resolves.toMatchObject({ self: { id: 'me' } });
  });

  it('is handed over once, only for its own URL, and never after close', () => {
    const pre = preconnect();
    const socket = FakeWebSocket.latest();
    expect(pre.take('ws://elsewhere/ws')).toBeNull();
    expect(socket.closedWith).toBe(1000);
    expect(pre.take(URL)).toBeNull();
    const other = preconnect();
    other.close();
    other.close();
    other.wake();
    expect(other.take(URL)).toBeNull();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });
});
