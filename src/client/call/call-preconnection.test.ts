import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Preconnection } from '../preconnection.js';
import { prewarm } from '../prewarm.js';
import { welcome } from '../test-support/call-harness.js';
import { FakePeerConnection, FakeTrack } from '../test-support/fake-peer-connection.js';
import { FakeWebSocket } from '../test-support/fake-websocket.js';
import { Call } from './call.js';

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

function callOn(preconnection: Preconnection): Call {
  return new Call({
    room: 'r',
    name: 'Ann',
    server: 'http://test',
    webrtc: true,
    leaveOnPageHide: false,
    telemetry: false,
    audio: new FakeTrack('audio') as unknown as MediaStreamTrack,
    video: new FakeTrack('video') as unknown as MediaStreamTrack,
    createPeerConnection: FakePeerConnection.factory(),
    preconnection,
  });
}

describe('Call on a pre-join connection', () => {
  it('sends its join in the same task once warmed up, and offers to everyone on the welcome', async () => {
    await prewarm();
    const preconnection = new Preconnection({
      server: 'http://test',
      createWebSocket: FakeWebSocket.factory(),
    });
    const socket = FakeWebSocket.latest();
    socket.open();
    const call = callOn(preconnection);
    const joining = call.join();
    // No await in between: the click's own task sent it.
    expect(socket.sent.map((m) => m.type)).toEqual(['hello', 'join']);
    socket.receive(welcome('me', ['a', 'b']));
    await joining;
    await vi.advanceTimersByTimeAsync(0);
    const offers = socket.sent.filter(
      (m) => m.type === 'signal' && 'description' in m.data && m.data.description.type === 'offer',
    );
    expect(offers.map((m) => (m.type === 'signal' ? m.to : '')).sort()).toEqual(['a', 'b']);
    expect(FakeWebSocket.instances).toHaveLength(1);
    call.close();
  });

  it('closes the pre-join connection when the call is closed before joining', () => {
    const preconnection = new Preconnection({
      server: 'http://test',
      createWebSocket: FakeWebSocket.factory(),
    });
    const socket = FakeWebSocket.latest();
    socket.open();
    callOn(preconnection).close();
    expect(socket.closedWith).toBe(1000);
    expect(preconnection.connected).toBe(false);
  });
});
