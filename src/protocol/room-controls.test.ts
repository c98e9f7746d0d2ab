import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  ERROR_EFFECTS,
  MAX_PASSCODE_CHARS,
  MIN_PASSCODE_CHARS,
  PROTOCOL_VERSION,
  decodeClientMessage,
  decodeServerMessage,
} from './index.js';

const client = (raw: unknown) => decodeClientMessage(JSON.stringify(raw));
const server = (raw: unknown) => decodeServerMessage(JSON.stringify(raw));
const ID = 'b3JkZXItb2YtYXJyaXZhbA';

describe('protocol v3: host controls', () => {
  it('is protocol version 3 (v2 clients cannot read the room controls)', () => {
    expect(PROTOCOL_VERSION).toBe(3);
  });

  it('accepts every host action in its documented shape', () => {
    const actions = [
      { action: 'admit', id: ID },
      { action: 'deny', id: ID },
      { action: 'set-lobby', on: true },
      { action: 'set-lock', locked: false },
      { action: 'remove', id: ID },
      { action: 'mute-request', id: ID },
      { action: 'transfer-host', id: ID },
      { action: 'end-meeting' },
      { action: 'set-passcode', passcode: 'blue-42' },
      { action: 'set-passcode', passcode: null },
      { action: 'set-mode', pinned: true },
    ];
    for (const action of actions)
      expect(client({ type: 'host', ...action }).ok, JSON.stringify(action)).toBe(true);
  });

  it('has no way to unmute somebody else, or to act without the fields', () => {
    for (const action of ['unmute', 'unmute-request', 'mute', 'set-role', 'ban'])
      expect(client({ type: 'host', action, id: ID }).ok, action).toBe(false);
    expect(client({ type: 'host', action: 'mute-request', id: ID, audio: true }).ok).toBe(false);
    expect(client({ type: 'host', action: 'admit' }).ok).toBe(false);
    expect(client({ type: 'host', action: 'set-lobby', on: 'yes' }).ok).toBe(false);
    expect(client({ type: 'host', action: 'end-meeting', for: 'everyone' }).ok).toBe(false);
    expect(client({ type: 'mute-requested', by: ID }).ok).toBe(false);
  });

  it('bounds passcodes, in join and set-passcode', () => {
    const join = (passcode: string) =>
      client({ type: 'join', v: 3, room: 'r', name: 'Ann', passcode });
    expect(join('x'.repeat(MIN_PASSCODE_CHARS)).ok).toBe(true);
    expect(join('x'.repeat(MIN_PASSCODE_CHARS - 1)).ok).toBe(false);
    expect(join('x'.repeat(MAX_PASSCODE_CHARS)).ok).toBe(true);
    expect(join('x'.repeat(MAX_PASSCODE_CHARS + 1)).ok).toBe(false);
    const set = client({ type: 'host', action: 'set-passcode', passcode: 'abc' });
    expect(set.ok).toBe(false);
  });

  it('decodes the server messages of the controls', () => {
    const room = { host: ID, locked: true, lobby: true, passcode: true };
    expect(server({ type: 'lobby' }).ok).toBe(true);
    expect(server({ type: 'room-state', room }).ok).toBe(true);
    expect(server({ type: 'room-state', room: { ...room, host: null } }).ok).toBe(true);
    const waiting = [{ id: 'c2Vjb25k', name: 'Dee' }];
    expect(server({ type: 'room-state', room: { ...room, waiting } }).ok).toBe(true);
    expect(server({ type: 'room-state', room: { ...room, owner: ID } }).ok).toBe(false);
    expect(server({ type: 'knock', id: ID, name: 'Dee' }).ok).toBe(true);
    expect(server({ type: 'knock', id: ID, name: 'D\u202Eee' }).ok).toBe(false);
    expect(server({ type: 'knock-cancelled', id: ID }).ok).toBe(true);
    expect(server({ type: 'mute-requested', by: ID }).ok).toBe(true);
    expect(server({ type: 'lobby', peers: [] }).ok).toBe(false);
  });

  it('ends the connection for good on every refusal a person must answer', () => {
    for (const code of [
      'locked',
      'denied',
      'removed',
      'passcode-required',
      'passcode-wrong',
      'passcode-limited',
      'meeting-ended',
    ] as const) {
      expect(ERROR_CODES).toContain(code);
      expect(ERROR_EFFECTS[code].connection, code).toBe('closes-for-good');
    }
    expect(ERROR_EFFECTS.forbidden.connection).toBe('stays-open');
  });
});
