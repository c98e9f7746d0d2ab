import { describe, expect, it } from 'vitest';
import { decodeJanusFrame } from './janus-wire.js';

describe('decodeJanusFrame', () => {
  it('accepts the frames Janus 1.1.2 sends, extra fields included', () => {
    const frames = [
      { janus: 'success', transaction: 't1', data: { id: 6842997008835535 } },
      { janus: 'ack', session_id: 1, transaction: 't2' },
      { janus: 'error', transaction: 't3', error: { code: 403, reason: 'Unauthorized request' } },
      {
        janus: 'event',
        session_id: 1,
        sender: 2,
        transaction: 't4',
        plugindata: { plugin: 'janus.plugin.videoroom', data: { videoroom: 'joined' } },
        jsep: { type: 'answer', sdp: 'v=0\r\n' },
      },
      { janus: 'media', session_id: 1, sender: 2, mid: '0', type: 'audio', receiving: true },
      {
        janus: 'slowlink',
        session_id: 1,
        sender: 2,
        mid: '1',
        media: 'video',
        uplink: true,
        lost: 9,
      },
      { janus: 'hangup', session_id: 1, sender: 2, reason: 'DTLS alert' },
      { janus: 'trickle', session_id: 1, sender: 2, candidate: { completed: true } },
      { janus: 'timeout', session_id: 1 },
      { janus: 'webrtcup', session_id: 1, sender: 2, future_field: [1, 2] },
    ];
    for (const frame of frames) {
      expect(decodeJanusFrame(JSON.stringify(frame))).toMatchObject({ ok: true, frame });
    }
  });

  it('refuses what it does not understand, naming the transaction it broke', () => {
    expect(decodeJanusFrame('not json')).toEqual({
      ok: false,
      reason: 'frame is not JSON',
      transaction: null,
    });
    expect(
      decodeJanusFrame(JSON.stringify({ janus: 'success', transaction: 't9', data: { id: -1 } })),
    ).toMatchObject({ ok: false, transaction: 't9' });
    expect(decodeJanusFrame(JSON.stringify({ janus: 'surprise' }))).toMatchObject({
      ok: false,
      transaction: null,
    });
    // A session id beyond 2^53 would be silently rounded by JSON.parse: refuse it.
    expect(decodeJanusFrame('{"janus":"timeout","session_id":18446744073709551615}').ok).toBe(
      false,
    );
    expect(decodeJanusFrame('null').ok).toBe(false);
  });
});
