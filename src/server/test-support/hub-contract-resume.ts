import { describe, expect, it } from 'vitest';
import type { SignalData } from '../../protocol/index.js';
import { refusal } from '../refusals.js';
import { numbered, numbersOf, type Joined, type MakeHub, hubStarter } from './hub-harness.js';
import type { RecordingLink } from './recording-link.js';

/** An offer of ICE generation `ufrag`, tagged `n`. */
function offer(ufrag: string, n: number): SignalData {
  return { description: { type: 'offer', sdp: `v=0\r\na=ice-ufrag:${ufrag}\r\na=x-n:${n}\r\n` } };
}

function answer(n: number): SignalData {
  return { description: { type: 'answer', sdp: `v=0\r\na=x-n:${String(n)}\r\n` } };
}

/** A candidate of ICE generation `ufrag` (none: unknown), tagged `n`. */
function candidate(ufrag: string | null, n: number): SignalData {
  return {
    candidate: {
      candidate: `candidate:${String(n)} 1 udp 1 192.0.2.9 ${String(9000 + n)} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
      ...(ufrag === null ? {} : { usernameFragment: ufrag }),
    },
  };
}

/** The tags of the tagged signals a link received, in order; `{candidate: null}` is -1. */
function tagsOf(link: RecordingLink): number[] {
  return link.all('signal').map(({ data }) => {
    if ('description' in data) return Number(/a=x-n:(\d+)/.exec(data.description.sdp)?.[1]);
    if (data.candidate === null) return -1;
    return Number(/^candidate:(\d+)/.exec(data.candidate.candidate)?.[1]);
  });
}

/** Size of the frame a member receives for `numbered(i)` (0-9) from `from`: all alike. */
function frameBytes(from: Joined): number {
  return Buffer.byteLength(JSON.stringify({ type: 'signal', from: from.id, data: numbered(0) }));
}

/**
 * What a hub keeps for members whose connection dropped: their buffered signals (superseded,
 * bounded per member, room and address) and their slots (capped per room and address, so
 * nobody can hold a room with slots no socket stands behind). Part of the hub contract.
 */
export function resumeContract(name: string, makeHub: MakeHub): void {
  describe(`${name} bounds what dropped members hold`, () => {
    const start = hubStarter(makeHub);

    it('replaces a sender’s buffered offers, and its candidates of older ICE generations, by its newer offer', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      h.detach(bob);
      const sent: [Joined, SignalData][] = [
        [ann, offer('annA', 1)],
        [ann, candidate('annA', 2)],
        [carol, candidate('carolA', 3)],
        [ann, candidate(null, 4)],
        [ann, { candidate: null }],
        [ann, answer(5)],
        [carol, offer('carolA', 6)],
        [ann, offer('annB', 7)],
        [ann, candidate('annB', 8)],
      ];
      for (const [from, data] of sent) expect(await h.relay(from, bob.id, data)).toBe('buffered');
      const back = await h.resume(bob);
      await h.settle(back, ann);
      // Gone: Ann's first offer and its generation's candidate. Kept: everything of Carol,
      // Ann's candidate of unknown generation, her end of gathering and her answer.
      expect(tagsOf(back.link)).toEqual([3, 4, -1, 5, 6, 7, 8]);
    });

    it('keeps at most the configured messages and bytes per dropped member: the oldest go first', async () => {
      const byCount = await start({ resumeBufferMessages: 3 });
      const room = byCount.room();
      const ann = await byCount.join(room, 'Ann');
      const bob = await byCount.join(room, 'Bob');
      byCount.detach(bob);
      for (let i = 0; i < 6; i++)
        expect(await byCount.relay(ann, bob.id, numbered(i))).toBe('buffered');
      const back = await byCount.resume(bob);
      await byCount.settle(back, ann);
      expect(numbersOf(back.link)).toEqual([3, 4, 5]);
      await byCount.settle(ann, back);
      expect(ann.link.all('peer-left')).toEqual([]);

      const first = await start();
      const probe = await first.join(first.room(), 'Probe');
      const bySize = await start({ resumeBufferBytes: Math.floor(frameBytes(probe) * 3.5) });
      const room2 = bySize.room();
      const cid = await bySize.join(room2, 'Cid');
      const dee = await bySize.join(room2, 'Dee');
      bySize.detach(dee);
      for (let i = 0; i < 10; i++) await bySize.relay(cid, dee.id, numbered(i));
      const deeBack = await bySize.resume(dee);
      await bySize.settle(deeBack, cid);
      expect(numbersOf(deeBack.link)).toEqual([7, 8, 9]);
    });

    it('bounds the bytes buffered for a room’s dropped members together: the room’s oldest go first', async () => {
      const probe = await (await start()).join('probe', 'Probe');
      const h = await start({ resumeBufferBytesPerRoom: Math.floor(frameBytes(probe) * 4.5) });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      h.detach(bob);
      h.detach(carol);
      for (const i of [0, 1, 2]) await h.relay(ann, bob.id, numbered(i));
      for (const i of [3, 4]) await h.relay(ann, carol.id, numbered(i));
      const bobBack = await h.resume(bob);
      const carolBack = await h.resume(carol);
      await h.settle(bobBack, ann);
      await h.settle(carolBack, ann);
      expect(numbersOf(bobBack.link)).toEqual([1, 2]);
      expect(numbersOf(carolBack.link)).toEqual([3, 4]);
    });

    it('bounds the bytes buffered for one client address over all its rooms', async () => {
      const probe = await (await start()).join('probe', 'Probe');
      const h = await start({ resumeBufferBytesPerIp: Math.floor(frameBytes(probe) * 2.5) });
      const [one, two] = [h.room(), h.room()];
      const ann = await h.joinFrom('198.51.100.1', one, 'Ann');
      const bob = await h.joinFrom('203.0.113.7', one, 'Bob');
      const carol = await h.joinFrom('198.51.100.3', one, 'Carol');
      const dan = await h.joinFrom('198.51.100.2', two, 'Dan');
      const eve = await h.joinFrom('203.0.113.7', two, 'Eve');
      for (const away of [bob, carol, eve]) h.detach(away);
      for (const i of [0, 1]) await h.relay(ann, bob.id, numbered(i));
      await h.relay(dan, eve.id, numbered(2));
      for (const i of [5, 6]) await h.relay(ann, carol.id, numbered(i));
      const back = await Promise.all([bob, eve, carol].map((away) => h.resume(away)));
      await Promise.all(back.map((member, i) => h.settle(member, i === 1 ? dan : ann)));
      expect(back.map((member) => numbersOf(member.link))).toEqual([[1], [2], [5, 6]]);
    });

    it('caps dropped slots per room, so slots without a socket cannot keep a room full', async () => {
      const h = await start({ roomCapacity: 3, maxDroppedPerRoom: 2 });
      const room = h.room();
      const dropped: Joined[] = [];
      for (let i = 0; i < 3; i++) {
        const mallory = await h.join(room, `Mallory ${String(i)}`);
        h.detach(mallory);
        dropped.push(mallory);
      }
      // The first dropped slot ended when the third one dropped: there is room again.
      const ann = await h.join(room, 'Ann');
      expect(ann.peers.map((peer) => peer.id)).toEqual([dropped[1]?.id, dropped[2]?.id]);
      const [first, second] = dropped;
      if (first === undefined || second === undefined) throw new Error('unreachable');
      expect(await h.tryResume(first)).toEqual(refusal('resume-failed', h.limits));
      const back = await h.resume(second);
      expect(back.id).toBe(second.id);
    });

    it('ends the oldest dropped slot of a room past its cap; server-side drops do not count', async () => {
      const h = await start({ maxDroppedPerRoom: 2 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      const dave = await h.join(room, 'Dave');
      const fay = await h.join(room, 'Fay');
      for (const away of [bob, carol, dave]) h.detach(away);
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      const back = [await h.resume(carol), await h.resume(dave)];
      // A drain (the server's doing) keeps every slot, whatever the cap.
      for (const member of back) h.detach(member, member.link, 'server');
      const eve = await h.join(room, 'Eve');
      h.detach(eve);
      await h.settle(ann, fay);
      expect(ann.link.all('peer-left')).toEqual([{ type: 'peer-left', id: bob.id }]);
      for (const member of [...back, eve]) expect((await h.resume(member)).id).toBe(member.id);
    });

    it('caps dropped slots per client address over all its rooms; other addresses are unaffected', async () => {
      const h = await start({ maxDroppedPerIp: 2 });
      const rooms = [h.room(), h.room(), h.room()];
      const watchers = await Promise.all(
        rooms.map((room, i) => h.joinFrom(`198.51.100.${String(i + 1)}`, room, 'Watcher')),
      );
      const mallory = await Promise.all(
        rooms.map((room) => h.joinFrom('203.0.113.66', room, 'Mallory')),
      );
      const bystander = await h.joinFrom('198.51.100.9', rooms[1] ?? '', 'Bystander');
      h.detach(bystander);
      for (const away of mallory) h.detach(away);
      const [first, second, third] = mallory;
      const [watcher] = watchers;
      if (!first || !second || !third || !watcher) throw new Error('unreachable');
      expect(await watcher.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: first.id });
      for (const member of [second, third, bystander])
        expect((await h.resume(member)).id).toBe(member.id);
    });

    it('counts a resumed member under the address it resumed from', async () => {
      const h = await start({ maxDroppedPerIp: 1 });
      const room = h.room();
      const ann = await h.joinFrom('198.51.100.1', room, 'Ann');
      const fay = await h.joinFrom('198.51.100.2', room, 'Fay');
      const bob = await h.joinFrom('203.0.113.1', room, 'Bob');
      h.detach(bob);
      const roamed = await h.resume(bob, undefined, '203.0.113.2');
      h.detach(roamed);
      // Bob no longer counts for his first address: Carol's drop there ends nobody...
      const carol = await h.joinFrom('203.0.113.1', room, 'Carol');
      h.detach(carol);
      await h.settle(ann, fay);
      expect(ann.link.all('peer-left')).toEqual([]);
      // ...but he does for the second one.
      const dave = await h.joinFrom('203.0.113.2', room, 'Dave');
      h.detach(dave);
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
    });
  });
}
