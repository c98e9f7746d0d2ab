import { describe, expect, it } from 'vitest';
import { isOkEvent, parseVideoRoomEvent } from './videoroom-wire.js';

const offer = { type: 'offer' as const, sdp: 'v=0\r\n' };

describe('parseVideoRoomEvent', () => {
  it.each([
    [
      { videoroom: 'event', room: 'r', publishers: [{ id: 'a', display: 'A', streams: [] }] },
      { type: 'publishers', room: 'r', publishers: [{ id: 'a', display: 'A', streams: [] }] },
    ],
    [
      { videoroom: 'event', room: 'r', unpublished: 'a' },
      { type: 'unpublished', room: 'r', id: 'a' },
    ],
    [
      { videoroom: 'event', room: 'r', leaving: 'a' },
      { type: 'leaving', room: 'r', id: 'a' },
    ],
    [
      { videoroom: 'event', room: 'r', kicked: 'a' },
      { type: 'kicked', room: 'r', id: 'a' },
    ],
    [
      { videoroom: 'event', room: 'r', joining: { id: 'b', display: 'B' } },
      { type: 'joining', room: 'r', id: 'b', display: 'B' },
    ],
    [
      {
        videoroom: 'talking',
        room: 'r',
        id: 'a',
        mindex: 0,
        mid: '0',
        'audio-level-dBov-avg': 30.5,
      },
      { type: 'talking', room: 'r', id: 'a', mid: '0', talking: true },
    ],
    [
      { videoroom: 'stopped-talking', room: 'r', id: 'a', mid: '0' },
      { type: 'talking', room: 'r', id: 'a', mid: '0', talking: false },
    ],
    [
      { videoroom: 'destroyed', room: 'r' },
      { type: 'destroyed', room: 'r' },
    ],
    [
      { videoroom: 'event', room: 'r', mid: '1', substream: 2 },
      { type: 'substream', room: 'r', mid: '1', substream: 2 },
    ],
    [
      { videoroom: 'event', room: 'r', mid: '1', temporal: 1 },
      { type: 'temporal', room: 'r', mid: '1', temporal: 1 },
    ],
    [
      { videoroom: 'event', leaving: 'ok', reason: 'kicked' },
      { type: 'left', reason: 'kicked' },
    ],
  ])('maps %j', (data, event) => {
    expect(parseVideoRoomEvent(data, undefined)).toEqual(event);
  });

  it('carries the offer of an automatic subscription update', () => {
    const streams = [{ mindex: 0, mid: '0', type: 'audio', feed_id: 'a', feed_mid: '0' }];
    expect(parseVideoRoomEvent({ videoroom: 'updated', room: 'r', streams }, offer)).toEqual({
      type: 'updated',
      room: 'r',
      streams,
      offer,
    });
  });

  it('keeps what it does not model as `other`, and rejects malformed known shapes there too', () => {
    const odd = { videoroom: 'event', room: 'r', something: 'new' };
    expect(parseVideoRoomEvent(odd, undefined)).toEqual({ type: 'other', data: odd });
    const badId = { videoroom: 'event', room: 'r', leaving: 42 };
    expect(parseVideoRoomEvent(badId, undefined)).toEqual({ type: 'other', data: badId });
  });
});

describe('isOkEvent', () => {
  it('recognises the plugin\'s "ok" answers only for the right key', () => {
    expect(isOkEvent({ videoroom: 'event', configured: 'ok' }, 'configured')).toBe(true);
    expect(isOkEvent({ videoroom: 'event', configured: 'ok' }, 'started')).toBe(false);
    expect(isOkEvent({ videoroom: 'joined', configured: 'ok' }, 'configured')).toBe(false);
  });
});
