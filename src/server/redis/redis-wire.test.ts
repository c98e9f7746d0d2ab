import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './envelope.js';
import {
  RedisReplyError,
  parseJoin,
  parseRelay,
  parseRenew,
  parseResume,
  parseRosters,
} from './replies.js';

// What comes back from Redis (script replies, channel messages) is validated before use.

const signal = JSON.stringify({ type: 'signal', from: 'ann', data: { candidate: null } });
/** How the hub carries that signal on (no SDP literal: not a description). */
const relayed = {
  type: 'relayed',
  from: 'ann',
  payload: { data: { candidate: null }, sdpLiteral: null },
};

describe('channel envelopes', () => {
  it('parses deliveries and supersede notices', () => {
    expect(parseEnvelope(`m|node1.a|node2|${signal}`)).toEqual({
      kind: 'deliver',
      conn: 'node1.a',
      origin: 'node2',
      message: relayed,
    });
    expect(parseEnvelope('s|node1.a|node2')).toEqual({
      kind: 'supersede',
      conn: 'node1.a',
      origin: 'node2',
    });
  });

  it('rejects anything else as null, never throwing', () => {
    const forged = JSON.stringify({
      type: 'signal',
      from: 'ann',
      to: 'x',
      data: { candidate: null },
    });
    for (const payload of [
      '',
      'm|',
      'm|node1.a',
      `m|node1.a|${signal}`,
      `x|node1.a|node2|${signal}`,
      `m|no spaces|node2|${signal}`,
      `m|node1.a|node2|{not json`,
      `m|node1.a|node2|${forged}`,
      `m|node1.a|node2|{"__proto__":{"type":"pong"}}`,
      's|node1.a|bad|origin',
      `m|${'a'.repeat(65)}|node2|${signal}`,
    ]) {
      expect(parseEnvelope(payload), payload).toBeNull();
    }
  });
});

describe('script replies', () => {
  it('reads well-formed replies', () => {
    const controls = ['ann', 0, 1, 0, -1];
    const join = ['ok', 17, 'sfu', 3, 0, ...controls, 'ann', 'Ann', '1', 'cy', 'Cy', '0'];
    expect(parseJoin(join)).toEqual({
      kind: 'ok',
      seq: 17,
      mode: { path: 'sfu', epoch: 3, pinned: false },
      room: { host: 'ann', locked: false, lobby: true, passcode: false },
      peers: [
        { id: 'ann', name: 'Ann' },
        { id: 'cy', name: 'Cy', webrtc: false },
      ],
    });
    expect(parseJoin(['room-full', 8])).toEqual({ kind: 'room-full', capacity: 8 });
    expect(parseJoin(['waiting'])).toEqual({ kind: 'waiting' });
    expect(parseJoin(['locked'])).toEqual({ kind: 'locked' });
    expect(parseResume(['removed'])).toEqual({ kind: 'removed' });
    const app = '{"type":"app","from":"ann","data":{"chat":"hi"}}';
    const hostControls = ['bob', 1, 0, 1, 1, 'dee', 'Dee'];
    const resumed = [
      'ok',
      'bob',
      'Bob',
      3,
      'mesh',
      1,
      1,
      ...hostControls,
      1,
      'ann',
      'Ann',
      '1',
      signal,
      app,
    ];
    expect(parseResume(resumed)).toEqual({
      kind: 'ok',
      self: { id: 'bob', name: 'Bob' },
      seq: 3,
      mode: { path: 'mesh', epoch: 1, pinned: true },
      room: {
        host: 'bob',
        locked: true,
        lobby: false,
        passcode: true,
        waiting: [{ id: 'dee', name: 'Dee' }],
      },
      peers: [{ id: 'ann', name: 'Ann' }],
      buffered: [relayed, { type: 'app', from: 'ann', data: { chat: 'hi' } }],
    });
    expect(parseRelay(['delivered', 'node2'])).toEqual({ outcome: 'delivered', detail: 'node2' });
    expect(parseRenew(['epoch'])).toBe('epoch');
    expect(parseRenew(['ann', 'away'])).toEqual(new Map([['ann', 'away']]));
    expect(parseRosters([2, 'ann', 'bob', 0], ['r1', 'r2'])).toEqual(
      new Map([
        ['r1', new Set(['ann', 'bob'])],
        ['r2', new Set()],
      ]),
    );
  });

  it('throws a typed error for replies our scripts never give', () => {
    const bad: [(reply: unknown) => unknown, unknown][] = [
      [parseJoin, 'ok'],
      [parseJoin, ['ok']],
      [parseJoin, ['ok', 'seventeen']],
      [parseJoin, ['ok', 1, 'mesh', 0, 0, 'ann']],
      [parseJoin, ['ok', 1, 'mesh', 0, 0, 'not an id!', 'Ann', '1']],
      [parseJoin, ['ok', 1, 'mesh', 0, 0, 'ann', '   ', '1']],
      [parseJoin, ['ok', 1, 'tunnel', 0, 0]],
      [parseJoin, ['ok', 1, 'mesh', 0, 0, 'not an id!', 0, 0, 0, -1]],
      [parseJoin, ['ok', 1, 'mesh', 0, 0, 'ann', 0, 0, 0, 1, 'dee', '\u202e']],
      [parseJoin, ['ok', 1, 'mesh', 0, 0, 'ann', 0, 0, 0, 2, 'dee', 'Dee']],
      [parseJoin, ['ok', 1, 'mesh', -1, 0]],
      [parseJoin, ['maybe']],
      [parseResume, ['ok', 'bob', 'Bob', 3, 'mesh', 0, 0, 0, '{"type":"pong"}']],
      [parseResume, ['ok', 'bob', 'Bob', 3, 'mesh', 0, 0, 0, 'not json']],
      [parseRelay, ['teleported', '']],
      [parseRelay, [{ nested: true }]],
      [parseRenew, ['ann', 'vanished']],
      [parseRenew, ['nonsense']],
      [(reply) => parseRosters(reply, ['r1']), [1]],
    ];
    for (const [parse, reply] of bad) {
      expect(() => parse(reply), JSON.stringify(reply)).toThrow(RedisReplyError);
    }
  });
});
