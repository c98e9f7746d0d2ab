import { describe, expect, it } from 'vitest';
import {
  MAX_CANDIDATE_BYTES,
  MAX_SDP_BYTES,
  decodeClientMessage,
  decodeServerMessage,
  type ClientMessage,
} from './index.js';

const ok = (raw: unknown): ClientMessage => {
  const result = decodeClientMessage(JSON.stringify(raw));
  if (!result.ok) throw new Error(result.reason);
  return result.message;
};
const reason = (raw: unknown): string => {
  const result = decodeClientMessage(typeof raw === 'string' ? raw : JSON.stringify(raw));
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(raw)}`);
  return result.reason;
};
const candidate = (extra: Record<string, unknown> = {}) => ({
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
  ...extra,
});

describe('client messages', () => {
  it('accepts every message type in its documented shape', () => {
    expect(ok({ type: 'join', v: 3, room: 'daily-standup_2', name: 'Ann' }).type).toBe('join');
    expect(
      ok({ type: 'join', v: 3, room: 'r', name: 'A', resume: 'tok', token: 'jwt' }),
    ).toMatchObject({
      resume: 'tok',
      token: 'jwt',
    });
    expect(
      ok({ type: 'signal', to: 'p1', data: { description: { type: 'offer', sdp: 'v=0\r\n' } } })
        .type,
    ).toBe('signal');
    expect(
      ok({ type: 'signal', to: 'p1', data: { description: { type: 'answer', sdp: 'v=0' } } }).type,
    ).toBe('signal');
    expect(
      ok({ type: 'signal', to: 'p1', data: { candidate: candidate({ usernameFragment: 'abcd' }) } })
        .type,
    ).toBe('signal');
    expect(
      ok({ type: 'signal', to: 'p1', data: { candidate: candidate({ usernameFragment: null }) } })
        .type,
    ).toBe('signal');
    expect(ok({ type: 'signal', to: 'p1', data: { candidate: null } }).type).toBe('signal');
    expect(ok({ type: 'refresh-ice' }).type).toBe('refresh-ice');
    expect(ok({ type: 'ping' }).type).toBe('ping');
    expect(ok({ type: 'leave' }).type).toBe('leave');
  });

  it('forwards the end-of-candidates marker (empty candidate string)', () => {
    const message = ok({
      type: 'signal',
      to: 'p',
      data: { candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null } },
    });
    expect(message).toMatchObject({ data: { candidate: { candidate: '' } } });
  });

  it('trims names and counts characters, not bytes', () => {
    expect(ok({ type: 'join', v: 3, room: 'r', name: '  Zoë  ' })).toMatchObject({ name: 'Zoë' });
    expect(ok({ type: 'join', v: 3, room: 'r', name: '😀'.repeat(64) }).type).toBe('join');
    expect(reason({ type: 'join', v: 3, room: 'r', name: '😀'.repeat(65) })).toMatch(
      /longer than 64/,
    );
    expect(reason({ type: 'join', v: 3, room: 'r', name: '   ' })).toMatch(/empty/);
    expect(reason({ type: 'join', v: 3, room: 'r', name: 'a\u0000b' })).toMatch(/control/);
    expect(reason({ type: 'join', v: 3, room: 'r', name: 'a\nb' })).toMatch(/control/);
  });

  it('rejects names with invisible or direction-changing characters, keeps emoji sequences', () => {
    const spoofs = [
      'Ann\u202E', // right-to-left override: "Ann" + reversed text
      'evil\u2066nnA\u2069', // left-to-right isolate
      'An\u200Bn', // zero-width space
      'An\u200Dn', // zero-width joiner between letters
      '\u200EAnn', // left-to-right mark
      'Ann\u2060', // word joiner
      'Ann\u00AD', // soft hyphen
      'An\uFEFFn', // zero-width no-break space (BOM)
      'Ann\u2028Bob', // line separator
      'Ann\u{E0041}', // tag character
    ];
    for (const name of spoofs)
      expect(reason({ type: 'join', v: 3, room: 'r', name }), JSON.stringify(name)).toMatch(
        /invisible/,
      );
    for (const name of ['👩‍💻 Ann', '👨‍👩‍👧', '🏳️‍🌈 Bob', 'عائشة', 'Zoë Ünal', '李雷'])
      expect(ok({ type: 'join', v: 3, room: 'r', name }).type, name).toBe('join');
  });

  it('rejects bad room names and versions', () => {
    expect(reason({ type: 'join', v: 3, room: '', name: 'A' })).toMatch(/room/);
    expect(reason({ type: 'join', v: 3, room: 'a b', name: 'A' })).toMatch(/room/);
    expect(reason({ type: 'join', v: 3, room: 'x'.repeat(65), name: 'A' })).toMatch(/room/);
    expect(reason({ type: 'join', v: 3, room: '../etc', name: 'A' })).toMatch(/room/);
    // Any integer version parses (the server answers `version-unsupported`); others do not.
    expect(ok({ type: 'join', v: 1, room: 'r', name: 'A' }).type).toBe('join');
    expect(reason({ type: 'join', v: '2', room: 'r', name: 'A' })).toMatch(/^v:/);
    expect(reason({ type: 'join', room: 'r', name: 'A' })).toMatch(/^v:/);
  });

  it('rejects unknown types, unknown fields and wrong shapes', () => {
    expect(reason('not json')).toBe('frame is not valid JSON');
    expect(reason('[]')).toMatch(/Invalid input|expected object/i);
    expect(reason({ type: 'offer' })).toMatch(/discriminator|type/);
    expect(reason({ type: 'ping', extra: 1 })).toMatch(/Unrecognized key/);
    expect(
      reason({ type: 'signal', to: 'p', from: 'someone-else', data: { candidate: null } }),
    ).toMatch(/from/);
    expect(
      reason({
        type: 'signal',
        to: 'p',
        data: { candidate: null, description: { type: 'offer', sdp: '' } },
      }),
    ).toMatch(/data/);
    expect(
      reason({ type: 'signal', to: 'p', data: { description: { type: 'pranswer', sdp: '' } } }),
    ).toMatch(/data/);
    expect(
      reason({
        type: 'signal',
        to: 'p',
        data: { candidate: candidate({ sdpMid: null, sdpMLineIndex: null }) },
      }),
    ).toMatch(/sdpMid or sdpMLineIndex/);
  });

  it('treats __proto__ and constructor as data, never as keys that reach objects', () => {
    expect(reason('{"type":"ping","__proto__":{"polluted":true}}')).toMatch(/Unrecognized key/);
    expect(
      reason('{"type":"join","v":3,"room":"r","name":"A","constructor":{"prototype":{"x":1}}}'),
    ).toMatch(/Unrecognized key/);
    expect(ok({ type: 'join', v: 3, room: '__proto__', name: 'constructor' })).toMatchObject({
      room: '__proto__',
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('caps sdp at 32 KiB and candidates at 1 KiB, in UTF-8 bytes', () => {
    const sdp = (bytes: number) => ({
      type: 'signal',
      to: 'p',
      data: { description: { type: 'offer', sdp: 'a'.repeat(bytes) } },
    });
    expect(ok(sdp(MAX_SDP_BYTES)).type).toBe('signal');
    expect(reason(sdp(MAX_SDP_BYTES + 1))).toMatch(/sdp larger/);
    // 2-byte characters: fewer than MAX_SDP_BYTES characters, but over the byte cap.
    expect(
      reason({
        type: 'signal',
        to: 'p',
        data: { description: { type: 'offer', sdp: 'é'.repeat(MAX_SDP_BYTES / 2 + 1) } },
      }),
    ).toMatch(/sdp larger/);
    const line = (bytes: number) => ({
      type: 'signal',
      to: 'p',
      data: { candidate: candidate({ candidate: 'c'.repeat(bytes) }) },
    });
    expect(ok(line(MAX_CANDIDATE_BYTES)).type).toBe('signal');
    expect(reason(line(MAX_CANDIDATE_BYTES + 1))).toMatch(/candidate larger/);
  });
});

describe('server messages', () => {
  it('validates what the client library receives', () => {
    const welcome = {
      type: 'welcome',
      v: 3,
      self: { id: 'me', name: 'Ann' },
      peers: [{ id: 'p1', name: 'Bob' }],
      iceServers: [
        { urls: 'stun:stun.example.org' },
        { urls: ['turn:t.example.org'], username: 'u', credential: 'c' },
      ],
      resume: 'token',
      mode: { path: 'mesh', epoch: 0, pinned: false },
      room: { host: 'me', locked: false, lobby: true, passcode: false, waiting: [] },
    };
    expect(decodeServerMessage(JSON.stringify(welcome)).ok).toBe(true);
    expect(decodeServerMessage(JSON.stringify({ ...welcome, room: undefined })).ok).toBe(false);
    expect(decodeServerMessage('{"type":"error","code":"room-full","message":"full"}').ok).toBe(
      true,
    );
    expect(decodeServerMessage('{"type":"error","code":"teapot","message":"?"}').ok).toBe(false);
    expect(decodeServerMessage('{"type":"signal","from":"p","data":{"candidate":null}}').ok).toBe(
      true,
    );
    expect(decodeServerMessage('{"type":"peer-left"}').ok).toBe(false);
  });
});
