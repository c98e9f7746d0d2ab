import { describe, expect, it } from 'vitest';
import { MAX_APP_DATA_BYTES, MAX_SFU_CHOICES } from './limits.js';
import { decodeClientMessage, decodeServerMessage } from './decode.js';

const client = (raw: unknown) => decodeClientMessage(JSON.stringify(raw));
const server = (raw: unknown) => decodeServerMessage(JSON.stringify(raw));
const candidate = {
  candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

describe('protocol v2: app relay and SFU messages', () => {
  it('accepts every new client message in its documented shape', () => {
    const valid = [
      { type: 'app', data: { type: 'chat', text: 'hi' } },
      { type: 'app', to: 'p1', data: [1, 'two', null] },
      {
        type: 'sfu-publish',
        epoch: 1,
        sdp: 'v=0\r\n',
        sources: [
          { mid: '0', source: 'microphone' },
          { mid: '1', source: 'camera' },
        ],
      },
      { type: 'sfu-answer', epoch: 1, sdp: 'v=0\r\n' },
      { type: 'sfu-candidate', epoch: 1, pc: 'subscriber', candidate },
      { type: 'sfu-candidate', epoch: 1, pc: 'publisher', candidate: null },
      { type: 'sfu-layers', epoch: 1, choices: [{ peer: 'p1', source: 'camera', layer: 2 }] },
      { type: 'sfu-layers', epoch: 1, choices: [{ peer: 'p1', source: 'screen', layer: null }] },
      { type: 'sfu-leave', epoch: 3 },
    ];
    for (const message of valid)
      expect(client(message), JSON.stringify(message)).toMatchObject({ ok: true });
  });

  it('rejects what the server must never forward to Janus', () => {
    const invalid = [
      { type: 'app', data: 'x'.repeat(MAX_APP_DATA_BYTES) },
      { type: 'app', from: 'someone-else', data: 1 },
      { type: 'sfu-publish', epoch: 1, sdp: 'v=0', sources: [] },
      { type: 'sfu-publish', epoch: 1, sdp: 'v=0', sources: [{ mid: '0', source: 'desktop' }] },
      { type: 'sfu-publish', epoch: -1, sdp: 'v=0', sources: [{ mid: '0', source: 'camera' }] },
      {
        type: 'sfu-publish',
        epoch: 1,
        sdp: 'v=0',
        sources: [{ mid: '0', source: 'camera' }],
        room: 'other',
      },
      { type: 'sfu-layers', epoch: 1, choices: [{ peer: 'p1', source: 'camera', layer: 3 }] },
      { type: 'sfu-layers', epoch: 1, choices: [{ peer: '../x', source: 'camera', layer: 1 }] },
      {
        type: 'sfu-layers',
        epoch: 1,
        choices: Array.from({ length: MAX_SFU_CHOICES + 1 }, () => ({
          peer: 'p',
          source: 'camera',
          layer: 0,
        })),
      },
      { type: 'sfu-candidate', epoch: 1, pc: 'janus', candidate: null },
      { type: 'sfu-leave', epoch: 1, feed: 'p2' },
    ];
    for (const message of invalid)
      expect(client(message), JSON.stringify(message).slice(0, 120)).toMatchObject({ ok: false });
  });

  it('validates the new server messages', () => {
    const mode = { path: 'sfu', epoch: 2, pinned: false };
    expect(server({ type: 'room-mode', mode, reason: 'grew' })).toMatchObject({ ok: true });
    expect(server({ type: 'room-mode', mode, reason: 'because' })).toMatchObject({ ok: false });
    expect(server({ type: 'app', from: 'p1', data: { any: ['json'] } })).toMatchObject({
      ok: true,
    });
    expect(server({ type: 'sfu-answer', epoch: 2, sdp: 'v=0' })).toMatchObject({ ok: true });
    expect(
      server({
        type: 'sfu-offer',
        epoch: 2,
        sdp: 'v=0',
        streams: [{ mid: '0', peer: 'p1', source: 'camera' }],
      }),
    ).toMatchObject({ ok: true });
    expect(
      server({ type: 'sfu-candidate', epoch: 2, pc: 'subscriber', candidate: null }),
    ).toMatchObject({ ok: true });
    expect(server({ type: 'error', code: 'version-unsupported', message: 'reload' })).toMatchObject(
      { ok: true },
    );
  });
});
