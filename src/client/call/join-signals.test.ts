import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type WelcomeMessage } from '../../protocol/index.js';
import { JoinSignals, SFU_ANSWER, SFU_PUBLISH, signalsAtJoining } from './join-signals.js';

function counted() {
  let done = 0;
  const offers = new JoinSignals(() => {
    done++;
  });
  return { offers, done: () => done };
}

describe('JoinSignals', () => {
  it('tells once, after the join was announced and every expected offer went', () => {
    const { offers, done } = counted();
    offers.expect(['a', 'b']);
    offers.settled('a');
    offers.arm();
    expect(done()).toBe(0);
    offers.settled('b');
    expect(done()).toBe(1);
    offers.settled('b');
    offers.settled('a');
    expect(done()).toBe(1);
  });

  it('signals that went before the announcement count; nobody to signal to tells at once', () => {
    const early = counted();
    early.offers.expect([SFU_PUBLISH, SFU_ANSWER]);
    early.offers.settled(SFU_PUBLISH);
    early.offers.arm();
    expect(early.done()).toBe(0);
    early.offers.settled(SFU_ANSWER);
    expect(early.done()).toBe(1);
    const alone = counted();
    alone.offers.expect([]);
    alone.offers.arm();
    expect(alone.done()).toBe(1);
  });

  it('an offer to someone not expected changes nothing; a new join expects anew', () => {
    const { offers, done } = counted();
    offers.settled('a');
    offers.arm();
    expect(done()).toBe(0);
    offers.expect(['a']);
    offers.settled('c');
    offers.arm();
    expect(done()).toBe(0);
    offers.settled('a');
    expect(done()).toBe(1);
  });

  it('what a newcomer sends: offers in a mesh, publish (and answer with others) on the SFU', () => {
    const welcome = (path: 'mesh' | 'sfu', ids: string[]): WelcomeMessage => ({
      type: 'welcome',
      v: PROTOCOL_VERSION,
      self: { id: 'me', name: 'Me' },
      peers: ids.map((id) => (id === 'old' ? { id, name: id, webrtc: false } : { id, name: id })),
      iceServers: [],
      resume: 'r',
      mode: { path, epoch: 1, pinned: false },
      room: { host: null, locked: false, lobby: false, passcode: false },
    });
    expect(signalsAtJoining(welcome('mesh', ['a', 'old', 'b']), true)).toEqual(['a', 'b']);
    expect(signalsAtJoining(welcome('sfu', ['a']), true)).toEqual([SFU_PUBLISH, SFU_ANSWER]);
    expect(signalsAtJoining(welcome('sfu', ['old']), true)).toEqual([SFU_PUBLISH]);
    expect(signalsAtJoining(welcome('mesh', ['a']), false)).toEqual([]);
  });
});
