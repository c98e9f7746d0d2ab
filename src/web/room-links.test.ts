import { describe, expect, it } from 'vitest';
import {
  inviteLink,
  isRoomName,
  newRoomId,
  parseRoomInput,
  parseRoute,
  ROOM_ID_BYTES,
} from './room-links.js';

const ORIGIN = 'https://meet.example.org';

describe('newRoomId', () => {
  it('carries at least 96 random bits and is a valid room name', () => {
    expect(ROOM_ID_BYTES * 8).toBeGreaterThanOrEqual(96);
    const id = newRoomId();
    expect(isRoomName(id)).toBe(true);
    // base64url: 6 bits per character, no padding.
    expect(id).toHaveLength(Math.ceil((ROOM_ID_BYTES * 8) / 6));
  });

  it('encodes every random byte (different bytes, different ids) in the URL-safe alphabet', () => {
    const all = (value: number) => (bytes: Uint8Array<ArrayBuffer>) => bytes.fill(value);
    expect(newRoomId(all(0))).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(newRoomId(all(255))).toBe('_____________________w');
    const last = (bytes: Uint8Array<ArrayBuffer>) => {
      bytes[ROOM_ID_BYTES - 1] = 1;
      return bytes;
    };
    expect(newRoomId(last)).not.toBe(newRoomId(all(0)));
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRoomId()));
    expect(ids.size).toBe(1000);
  });
});

describe('parseRoute', () => {
  it('maps /r/<room> to the room page with the token from the fragment', () => {
    expect(parseRoute('/r/weekly-sync', '')).toEqual({
      page: 'room',
      room: 'weekly-sync',
      token: null,
    });
    expect(parseRoute('/r/weekly-sync/', '#token=abc.def')).toEqual({
      page: 'room',
      room: 'weekly-sync',
      token: 'abc.def',
    });
  });

  it('sends everything else home', () => {
    for (const path of ['/', '/r/', '/r/a/b', '/r/bad%20name', '/r/%E0%A4%A', '/x/room'])
      expect(parseRoute(path, ''), path).toEqual({ page: 'home' });
    expect(parseRoute(`/r/${'a'.repeat(65)}`, '')).toEqual({ page: 'home' });
  });
});

describe('parseRoomInput', () => {
  it('accepts a room name', () => {
    expect(parseRoomInput('  weekly-sync ', ORIGIN)).toEqual({
      kind: 'room',
      room: 'weekly-sync',
      token: null,
    });
  });

  it('accepts a pasted link or path to this server, with its token', () => {
    expect(parseRoomInput(`${ORIGIN}/r/abc_123#token=t0k`, ORIGIN)).toEqual({
      kind: 'room',
      room: 'abc_123',
      token: 't0k',
    });
    expect(parseRoomInput('/r/abc_123', ORIGIN)).toEqual({
      kind: 'room',
      room: 'abc_123',
      token: null,
    });
  });

  it('sends a link to another server there', () => {
    expect(parseRoomInput('http://other.example:8080/r/room1', ORIGIN)).toEqual({
      kind: 'elsewhere',
      href: 'http://other.example:8080/r/room1',
    });
  });

  it('rejects what is neither', () => {
    for (const input of [
      '',
      'two words',
      'https://meet.example.org/',
      'javascript:alert(1)',
      'ftp://x/r/a',
    ])
      expect(parseRoomInput(input, ORIGIN), input).toBeNull();
  });
});

describe('inviteLink', () => {
  it('is the room URL, with a token in the fragment when there is one', () => {
    expect(inviteLink(ORIGIN, 'weekly', null)).toBe(`${ORIGIN}/r/weekly`);
    expect(inviteLink(ORIGIN, 'weekly', 'a.b+c')).toBe(`${ORIGIN}/r/weekly#token=a.b%2Bc`);
    expect(parseRoomInput(inviteLink(ORIGIN, 'weekly', 'a.b+c'), ORIGIN)).toEqual({
      kind: 'room',
      room: 'weekly',
      token: 'a.b+c',
    });
  });
});
