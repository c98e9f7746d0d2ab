import { describe, expect, it, vi } from 'vitest';
import { joinedCall, meshPc, sent, useFakeCallWorld } from '../test-support/call-harness.js';

useFakeCallWorld();

/** A call joined with `a`, and what it reports: messages, custom messages, errors. */
async function listening() {
  const joined = await joinedCall('m', ['a']);
  const events: string[] = [];
  const { call } = joined;
  call.on('message', (id, message) => events.push(`${id}:${JSON.stringify(message)}`));
  call.on('custom-message', (id, message) =>
    events.push(`${id}:custom:${JSON.stringify(message)}`),
  );
  call.on('error', (error) => events.push(`error:${error.code}`));
  const channel = meshPc(call, 'a')?.channels[0];
  const onChannel = (data: unknown) =>
    channel?.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(data) }));
  const relayed = (data: object) => {
    joined.socket.receive({ type: 'app', from: 'a', data: data as never });
  };
  return { ...joined, events, onChannel, relayed };
}

describe('peer-to-peer messages: versioned and forward compatible', () => {
  it('stamps every message it sends with the protocol version and an id', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    call.sendChat('hi');
    call.broadcast({ type: 'hand', raised: true });
    // Through the server once a's channel did not open in time.
    await vi.advanceTimersByTimeAsync(5000);
    const data = sent(socket, 'app').map((m) => m.data as Record<string, unknown>);
    expect(data.map((d) => [d['type'], d['v'], typeof d['id']])).toEqual([
      ['chat', 1, 'string'],
      ['hand', 1, 'string'],
    ]);
  });

  it('a newer peer’s unknown type is a custom message, never an error, on both paths', async () => {
    const { events, onChannel, relayed } = await listening();
    onChannel({ v: 7, type: 'whiteboard-stroke', id: 'w1', points: [1, 2] });
    relayed({ v: 7, type: 'poll', id: 'p1', question: 'lunch?' });
    // The same id again (it came both ways): delivered once.
    relayed({ v: 7, type: 'whiteboard-stroke', id: 'w1', points: [1, 2] });
    expect(events).toEqual([
      'a:custom:{"v":7,"type":"whiteboard-stroke","id":"w1","points":[1,2]}',
      'a:custom:{"v":7,"type":"poll","id":"p1","question":"lunch?"}',
    ]);
  });

  it('drops fields it does not know from known types, and still validates the known ones', async () => {
    const { events, onChannel, relayed } = await listening();
    onChannel({ v: 2, type: 'chat', id: 'c1', text: 'hi', sentAt: 5, markdown: true });
    relayed({ v: 2, type: 'chat', id: 'c2', text: 42, sentAt: 5 });
    onChannel({ type: 'chat', id: 'c3', text: 'from a peer before versioning', sentAt: 6 });
    expect(events).toEqual([
      'a:{"type":"chat","id":"c1","text":"hi","sentAt":5}',
      'error:bad-peer-message',
      'a:{"type":"chat","id":"c3","text":"from a peer before versioning","sentAt":6}',
    ]);
  });

  it('a frame without an envelope is a bad message', async () => {
    const { events, onChannel, relayed } = await listening();
    onChannel(['not', 'an', 'object']);
    onChannel({ v: 1, type: 'Bad Type!' });
    relayed({ v: 'one', type: 'chat' });
    expect(events).toEqual([
      'error:bad-peer-message',
      'error:bad-peer-message',
      'error:bad-peer-message',
    ]);
  });

  it('a state message with extra fields still updates the participant', async () => {
    const { call, onChannel } = await listening();
    onChannel({ v: 3, type: 'state', audio: false, video: true, screen: false, hand: true });
    expect(call.participant('a')?.media).toEqual({ audio: false, video: true, screen: false });
  });

  it('refuses to send a custom message under a control notice’s name', async () => {
    const { call } = await joinedCall('m', ['a']);
    expect(() => {
      call.broadcast({ type: 'path', via: 'sfu' });
    }).toThrow(/reserved/);
  });
});

describe('data channels for bulk data', () => {
  it('opens one on a connected mesh peer, none before the app channel is open', async () => {
    const { call } = await joinedCall('m', ['a']);
    expect(call.openDataChannel('a', 'file:1')).toBeNull();
    meshPc(call, 'a')?.openChannels();
    const channel = call.openDataChannel('a', 'file:1');
    expect(channel?.label).toBe('file:1');
    expect(call.openDataChannel('nobody', 'file:2')).toBeNull();
  });

  it('hands a participant’s data channel to the app, or closes it when nobody listens', async () => {
    const { call } = await joinedCall('m', ['a']);
    const pc = meshPc(call, 'a');
    const incoming = (label: string) => {
      const channel = { label, closed: false, close: () => (channel.closed = true) };
      pc?.dispatchEvent(Object.assign(new Event('datachannel'), { channel }));
      return channel;
    };
    expect(incoming('file:unwanted').closed).toBe(true);
    const labels: string[] = [];
    call.on('data-channel', (id, channel) => labels.push(`${id}:${channel.label}`));
    expect(incoming('file:1').closed).toBe(false);
    expect(labels).toEqual(['a:file:1']);
  });
});
