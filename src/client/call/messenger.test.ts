import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppMessage } from '../app-messages.js';
import { Messenger } from './messenger.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function messenger(
  open: string[],
  everyone = ['a', 'b', 'c'],
  expected: string[] = [],
  closing: string[] = [],
) {
  const channel: string[] = [];
  const relay: string[] = [];
  const m = new Messenger({
    participants: () => everyone,
    sendChannel: (id) => {
      if (open.includes(id)) channel.push(id);
      return open.includes(id);
    },
    sendRelay: (data, to) => relay.push(`${to ?? '*'}:${(data as AppMessage).type}`),
    expectsChannel: (id) => expected.includes(id),
    channelMayClose: (id) => closing.includes(id),
  });
  return { m, channel, relay };
}

const chat: AppMessage = { type: 'chat', id: 'x', text: 'hi', sentAt: 1 };

describe('Messenger', () => {
  it('data channels where open; one relay copy for one other, a relay broadcast for more', () => {
    const all = messenger(['a', 'b', 'c']);
    all.m.send(chat);
    expect([all.channel, all.relay]).toEqual([['a', 'b', 'c'], []]);
    const one = messenger(['a', 'b']);
    one.m.send(chat);
    expect(one.relay).toEqual(['c:chat']);
    const two = messenger(['a']);
    two.m.send(chat);
    expect(two.relay).toEqual(['*:chat']);
    const direct = messenger([]);
    direct.m.send(chat, 'b');
    expect(direct.relay).toEqual(['b:chat']);
  });

  it('while the room leaves the mesh, a message on a closing channel also goes through the relay', () => {
    const one = messenger(['a', 'b', 'c'], ['a', 'b', 'c'], [], ['b']);
    one.m.send(chat);
    expect([one.channel, one.relay]).toEqual([['a', 'b', 'c'], ['b:chat']]);
    const all = messenger(['a', 'b', 'c'], ['a', 'b', 'c'], [], ['a', 'b', 'c']);
    all.m.send(chat);
    expect([all.channel, all.relay]).toEqual([['a', 'b', 'c'], ['*:chat']]);
  });

  it('gives every message an id and accepts each id once per sender', () => {
    const { m } = messenger([]);
    const sent = m.send({ type: 'state', audio: true, video: false, screen: false });
    expect(sent.id).toMatch(/.+/);
    expect(sent.v).toBe(1);
    expect(m.accept('a', chat.id)).toBe(true);
    expect(m.accept('a', chat.id)).toBe(false);
    expect(m.accept('b', chat.id)).toBe(true);
    m.forget('a');
    expect(m.accept('a', chat.id)).toBe(true);
  });

  it('remembers a bounded number of ids', () => {
    const { m } = messenger([]);
    for (let i = 0; i < 300; i++) m.accept('a', String(i));
    expect(m.accept('a', '0')).toBe(true);
    expect(m.accept('a', '299')).toBe(false);
  });

  it('holds messages for a channel about to open, then the relay takes them', () => {
    const waiting = messenger(['a'], ['a', 'b'], ['b']);
    waiting.m.send(chat);
    waiting.m.send({ ...chat, id: 'y' }, 'b');
    expect(waiting.relay).toEqual([]);
    vi.advanceTimersByTime(5000);
    expect(waiting.relay).toEqual(['b:chat', 'b:chat']);
  });
});
