import { describe, expect, it, vi } from 'vitest';
import { Call } from './call.js';
import { FakePeerConnection } from '../test-support/fake-peer-connection.js';
import { FakeWebSocket } from '../test-support/fake-websocket.js';
import { BackoffReconnectPolicy } from '../reconnect-policy.js';
import { joinedCall, sent, welcome, useFakeCallWorld } from '../test-support/call-harness.js';

useFakeCallWorld();

describe('Call.room', () => {
  it('knows the host from welcome and room-state, and keeps the lobby list while host', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    expect(call.room.host).toBe('m');
    expect(call.room.amHost).toBe(true);
    const knocks: string[] = [];
    call.room.on('knock', (knock) => knocks.push(knock.name));
    socket.receive({ type: 'knock', id: 'w1', name: 'Wanda' });
    socket.receive({ type: 'knock', id: 'w2', name: 'Walt' });
    expect(knocks).toEqual(['Wanda', 'Walt']);
    expect(call.room.waiting.map((w) => w.id)).toEqual(['w1', 'w2']);
    socket.receive({ type: 'knock-cancelled', id: 'w1' });
    expect(call.room.waiting.map((w) => w.id)).toEqual(['w2']);
    // The host hands over: we no longer see who waits.
    socket.receive({
      type: 'room-state',
      room: { host: 'a', locked: true, lobby: true, passcode: false },
    });
    expect(call.room.amHost).toBe(false);
    expect(call.room.isHost('a')).toBe(true);
    expect(call.room.controls).toEqual({ host: 'a', locked: true, lobby: true, passcode: false });
    expect(call.room.waiting).toEqual([]);
  });

  it('sends each host request as a `host` message of the protocol', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    call.room.admit('w1');
    call.room.deny('w2');
    call.room.setLobby(true);
    call.room.setLocked(true);
    call.room.remove('a');
    call.room.askToMute('a');
    call.room.makeHost('a');
    call.room.setPasscode('open-sesame');
    call.room.setPasscode(null);
    call.room.endForAll();
    expect(sent(socket, 'host')).toEqual([
      { type: 'host', action: 'admit', id: 'w1' },
      { type: 'host', action: 'deny', id: 'w2' },
      { type: 'host', action: 'set-lobby', on: true },
      { type: 'host', action: 'set-lock', locked: true },
      { type: 'host', action: 'remove', id: 'a' },
      { type: 'host', action: 'mute-request', id: 'a' },
      { type: 'host', action: 'transfer-host', id: 'a' },
      { type: 'host', action: 'set-passcode', passcode: 'open-sesame' },
      { type: 'host', action: 'set-passcode', passcode: null },
      { type: 'host', action: 'end-meeting' },
    ]);
  });

  it('passes a mute request on; a removal or the end of the meeting closes the call', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    const asked: string[] = [];
    call.room.on('mute-requested', (by) => asked.push(by));
    socket.receive({ type: 'mute-requested', by: 'a' });
    expect(asked).toEqual(['a']);
    const closed = new Promise((resolve) => call.on('closed', resolve));
    socket.receive({ type: 'error', code: 'removed', message: 'the host removed you' });
    expect(await closed).toMatchObject({ code: 'removed' });
  });

  it('waits in the lobby with the passcode it joined with, then joins when admitted', async () => {
    const call = new Call({
      webrtc: true,
      leaveOnPageHide: false,
      room: 'r',
      name: 'w',
      passcode: 'open-sesame',
      server: 'http://test',
      createPeerConnection: FakePeerConnection.factory(),
      signaling: {
        createWebSocket: FakeWebSocket.factory(),
        reconnectPolicy: new BackoffReconnectPolicy(10, () => 0.5),
        deadAfterMs: Number.MAX_SAFE_INTEGER,
        joinTimeoutMs: 1000,
      },
    });
    const lobby = vi.fn();
    call.room.on('lobby', lobby);
    const joining = call.join();
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeWebSocket.latest();
    socket.open();
    expect(sent(socket, 'join')[0]).toMatchObject({ passcode: 'open-sesame' });
    socket.receive({ type: 'lobby' });
    expect(lobby).toHaveBeenCalledOnce();
    // Waiting takes as long as the host takes: no join timeout.
    await vi.advanceTimersByTimeAsync(5000);
    expect(call.state).toBe('joining');
    socket.receive(welcome('w', ['h']));
    expect((await joining).id).toBe('w');
    expect(call.room.isHost('w')).toBe(true);
    call.close();
  });
});
