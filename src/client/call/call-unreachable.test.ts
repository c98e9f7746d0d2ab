import { describe, expect, it } from 'vitest';
import { FakePeerConnection } from '../test-support/fake-peer-connection.js';
import {
  joinedCall,
  meshPc,
  offersTo,
  sent,
  useFakeCallWorld,
} from '../test-support/call-harness.js';
import { Call } from './call.js';

useFakeCallWorld();

// Nobody waits for a connection that cannot exist, and nobody shows one as "connecting".
describe('Call without a possible connection', () => {
  it('a participant that joined without WebRTC is unsupported: no connection, state through the server', async () => {
    const { call, socket } = await joinedCall('m', ['a', { id: 'w', webrtc: false }]);
    expect(offersTo(socket)).toEqual(['a']);
    expect(call.participant('w')).toMatchObject({ connection: 'unsupported', webrtc: false });
    expect(meshPc(call, 'w')).toBeUndefined();
    // Our media state reaches it through the server's relay.
    expect(sent(socket, 'app').map((m) => [m.to, (m.data as { type: string }).type])).toEqual([
      ['w', 'state'],
    ]);
    const joined: string[] = [];
    call.on('participant-joined', (p) => joined.push(`${p.id}:${p.connection}`));
    socket.receive({ type: 'peer-joined', peer: { id: 'v', name: 'v', webrtc: false } });
    expect(joined).toEqual(['v:unsupported']);
  });

  it('a browser without WebRTC joins with webrtc:false, creates no connection, and still chats', async () => {
    const { call, socket } = await joinedCall('m', ['a'], { webrtc: false });
    expect(socket.sent[0]).toMatchObject({ type: 'join', webrtc: false });
    expect(FakePeerConnection.created).toEqual([]);
    expect(call.participant('a')?.connection).toBe('unsupported');
    call.sendChat('hi');
    expect(sent(socket, 'app').map((m) => (m.data as { type: string }).type)).toEqual([
      'state',
      'chat',
    ]);
    const texts: string[] = [];
    call.on('message', (_id, m) => m.type === 'chat' && texts.push(m.text));
    socket.receive({
      type: 'app',
      from: 'a',
      data: { type: 'chat', id: 'c', text: 'yo', sentAt: 1 },
    });
    expect(texts).toEqual(['yo']);
  });

  it('Call.supported() says whether RTCPeerConnection exists', () => {
    expect(Call.supported()).toBe(typeof globalThis.RTCPeerConnection === 'function');
  });

  it('a connection this browser cannot create is failed (typed), and the other side is told', async () => {
    const errors: string[] = [];
    const { call, socket } = await joinedCall('m', ['a'], {
      createPeerConnection: () => {
        throw new DOMException('Cannot create so many PeerConnections', 'UnknownError');
      },
    });
    call.on('error', (error) => errors.push(error.code));
    expect(call.participant('a')).toMatchObject({
      connection: 'failed',
      failure: 'no-peer-connection',
    });
    expect(sent(socket, 'app')).toContainEqual({
      type: 'app',
      to: 'a',
      data: { v: 1, type: 'cannot-connect', reason: 'no-peer-connection' },
    });
    socket.receive({ type: 'peer-joined', peer: { id: 'b', name: 'b' } });
    expect(errors).toEqual(['peer-connection-failed']);
    expect(call.participant('b')?.connection).toBe('failed');
  });

  it('told that the other side cannot connect to us, the participant shows as failed', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    const states: string[] = [];
    call.on('connection-state', (id, state) => states.push(`${id}:${state}`));
    socket.receive({
      type: 'app',
      from: 'a',
      data: { type: 'cannot-connect', reason: 'no-peer-connection' },
    });
    expect(states).toEqual(['a:failed']);
    expect(call.participant('a')?.failure).toBe('remote-no-peer-connection');
  });

  it('relay data that is neither an app message nor a notice is reported and dropped', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    const errors: string[] = [];
    call.on('error', (error) => errors.push(error.code));
    socket.receive({ type: 'app', from: 'a', data: { type: 'path', via: 'nowhere', epoch: 1 } });
    socket.receive({ type: 'app', from: 'stranger', data: { type: 'state' } });
    expect(errors).toEqual(['bad-peer-message']);
  });
});
