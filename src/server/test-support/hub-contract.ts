import { describe, expect, it } from 'vitest';
import { decodeClientMessage, ID_PATTERN, type SignalData } from '../../protocol/index.js';
import { refusal } from '../refusals.js';
import { payloadFromClient } from '../relay-encoding.js';
import { numbered, numbersOf, type MakeHub, hubStarter } from './hub-harness.js';
import { adminContract } from './hub-contract-admin.js';
import { hubControlsContract } from './hub-controls-contract.js';
import { hubModeContract } from './hub-mode-contract.js';
import { resumeContract } from './hub-contract-resume.js';
import { RecordingLink } from './recording-link.js';

/**
 * The room rules every hub implements (membership, capacity, order, routing, resume,
 * refusals), run against the hub interface only. Each implementation runs this suite:
 * `hubContract('LocalHub', makeHub)`; the room controls (host, lobby, lock) are in
 * hub-controls-contract.ts.
 */
export function hubContract(name: string, makeHub: MakeHub): void {
  describe(`${name} keeps the hub contract`, () => {
    const start = hubStarter(makeHub);

    it('admits members under fresh ids, lists the others oldest first, announces newcomers', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      expect(ann.peers).toEqual([]);
      expect(bob.peers).toEqual([ann.info]);
      expect(carol.peers).toEqual([ann.info, bob.info]);
      expect(carol.member).toEqual({ peerId: carol.id, room, name: 'Carol' });
      for (const { id } of [ann, bob, carol]) expect(id).toMatch(ID_PATTERN);
      expect(new Set([ann.id, bob.id, carol.id, ann.token, bob.token]).size).toBe(5);
      await h.settle(ann, carol);
      expect(ann.link.received).toEqual([
        { type: 'peer-joined', peer: bob.info },
        { type: 'peer-joined', peer: carol.info },
      ]);
      await h.settle(carol, ann);
      expect(carol.link.received).toEqual([]);
      expect(h.hub.stats()).toMatchObject({ rooms: 1, members: 3 });
    });

    it('refuses a join beyond the capacity with room-full, telling nobody', async () => {
      const h = await start({ roomCapacity: 2 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(await h.tryJoin(room, 'Carol')).toEqual(refusal('room-full', h.limits));
      await h.settle(ann, bob);
      expect(ann.link.all('peer-joined')).toEqual([{ type: 'peer-joined', peer: bob.info }]);
      // Other rooms are not affected; a place that frees up can be taken.
      expect((await h.join(h.room(), 'Eve')).peers).toEqual([]);
      h.leave(bob);
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      const carol = await h.join(room, 'Carol');
      expect(carol.peers).toEqual([ann.info]);
    });

    it('keeps the place of a member who is away: the room stays full, the order stays', async () => {
      const h = await start({ roomCapacity: 3 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      h.detach(bob);
      expect(await h.tryJoin(room, 'Dave')).toMatchObject({ ok: false, code: 'room-full' });
      const back = await h.resume(bob);
      expect(back.peers).toEqual([ann.info, carol.info]);
      h.leave(carol);
      const dave = await h.join(room, 'Dave');
      expect(dave.peers).toEqual([ann.info, bob.info]);
    });

    it('relays to a member of the same room, from stamped, in the order sent', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) => h.relay(bob, ann.id, numbered(i))),
      );
      expect(outcomes).toEqual(Array(30).fill('delivered'));
      await h.settle(ann, bob);
      expect(numbersOf(ann.link)).toEqual([...Array(30).keys()]);
      expect(ann.link.all('signal').every((signal) => signal.from === bob.id)).toBe(true);
    });

    it('hands a description’s SDP bytes through intact', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const data: SignalData = {
        description: { type: 'offer', sdp: 'v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\na=x:ü "q"\r\n' },
      };
      const text = JSON.stringify({ type: 'signal', to: ann.id, data });
      const decoded = decodeClientMessage(text);
      if (!decoded.ok || decoded.message.type !== 'signal') throw new Error('invalid test frame');
      const payload = payloadFromClient(Buffer.from(text), text, decoded.message);
      expect(await h.hub.relay(bob.member, ann.id, payload)).toBe('delivered');
      expect(await ann.link.nextOf('signal')).toEqual({ type: 'signal', from: bob.id, data });
      expect(ann.link.frames).toEqual([JSON.stringify({ type: 'signal', from: bob.id, data })]);
    });

    it('answers unknown-peer for the sender itself, strangers and members of other rooms', async () => {
      const h = await start();
      const ann = await h.join(h.room(), 'Ann');
      const eve = await h.join(h.room(), 'Eve');
      const friend = await h.join(eve.member.room, 'Friend');
      expect(eve.peers).toEqual([]);
      for (const to of [ann.id, eve.id, 'nobody-with-this-id'])
        expect(await h.relay(eve, to, numbered(1)), to).toBe('unknown-peer');
      await h.settle(eve, friend);
      expect(eve.link.all('signal')).toEqual([]);
      const annsRoommate = await h.join(ann.member.room, 'Mate');
      await h.settle(ann, annsRoommate);
      expect(ann.link.all('signal')).toEqual([]);
    });

    it('tells the others peer-left at once when a member leaves; its token is void', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      h.leave(bob);
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      expect(await carol.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      expect(await h.tryResume(bob)).toEqual(refusal('resume-failed', h.limits));
      expect(await h.relay(ann, bob.id, numbered(1))).toBe('unknown-peer');
      h.leave(ann);
      h.leave(carol);
      await expect.poll(() => h.hub.stats()).toMatchObject({ rooms: 0, members: 0 });
    });

    it('resumes an away member: same id, rotated token, buffered signals first and in order', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      h.detach(bob);
      for (let i = 0; i < 5; i++) expect(await h.relay(ann, bob.id, numbered(i))).toBe('buffered');
      const back = await h.resume(bob);
      expect(back.member).toEqual(bob.member);
      expect(back.peers).toEqual([ann.info]);
      expect(back.token).not.toBe(bob.token);
      expect(await h.relay(ann, bob.id, numbered(5))).toBe('delivered');
      await h.settle(back, ann);
      expect(numbersOf(back.link)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(numbersOf(bob.link)).toEqual([]);
      await h.settle(ann, back);
      expect(ann.link.all('peer-left')).toEqual([]);
      // The token was rotated away: replaying it fails; the new one works.
      expect(await h.tryResume(bob)).toEqual(refusal('resume-failed', h.limits));
      h.detach(back);
      expect((await h.resume(back)).id).toBe(bob.id);
    });

    it('lists and announces a member that joined without WebRTC as such, also after its resume', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const wes = await h.join(room, 'Wes', new RecordingLink(), { webrtc: false });
      const wesInfo = { id: wes.id, name: 'Wes', webrtc: false };
      const cy = await h.join(room, 'Cy');
      expect(cy.peers).toEqual([ann.info, wesInfo]);
      await h.settle(ann, cy);
      expect(ann.link.all('peer-joined').map((m) => m.peer)).toEqual([wesInfo, cy.info]);
      h.detach(wes);
      const back = await h.resume(wes);
      expect(back.id).toBe(wes.id);
      expect((await h.join(room, 'Dee')).peers).toEqual([ann.info, wesInfo, cy.info]);
    });

    it('refuses a resume with a token for another room, or no known token', async () => {
      const h = await start();
      const bob = await h.join(h.room(), 'Bob');
      h.detach(bob);
      const failed = refusal('resume-failed', h.limits);
      expect(await h.tryResume(bob, new RecordingLink(), h.room())).toEqual(failed);
      expect(await h.tryResume({ member: bob.member, token: 'not-a-token' })).toEqual(failed);
      // Neither attempt used the slot up.
      expect((await h.resume(bob)).id).toBe(bob.id);
    });

    it('supersedes the old link of a member that resumes while it is still attached', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const fresh = await h.resume(bob);
      await bob.link.until(() => bob.link.superseded, 'supersede');
      expect(fresh.id).toBe(bob.id);
      // The superseded link can no longer end the slot.
      h.detach(bob, bob.link);
      h.leave(bob, bob.link);
      expect(await h.relay(ann, bob.id, numbered(1))).toBe('delivered');
      await h.settle(fresh, ann);
      expect(numbersOf(fresh.link)).toEqual([1]);
      expect(numbersOf(bob.link)).toEqual([]);
      await h.settle(ann, fresh);
      expect(ann.link.all('peer-left')).toEqual([]);
      expect(fresh.link.superseded).toBe(false);
    });

    it('ends an away member’s slot when the grace period ends: peer-left, resume fails', async () => {
      const h = await start({ resumeGraceMs: 200 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      h.detach(bob);
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      expect(await h.tryResume(bob)).toEqual(refusal('resume-failed', h.limits));
      expect(await h.relay(ann, bob.id, numbered(1))).toBe('unknown-peer');
    });

    it('without a grace period, a drop is a leave', async () => {
      const h = await start({ resumeGraceMs: 0 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      h.detach(bob);
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      expect(await h.tryResume(bob)).toEqual(refusal('resume-failed', h.limits));
    });
  });
  hubModeContract(name, makeHub);
  resumeContract(name, makeHub);
  adminContract(name, makeHub);
  hubControlsContract(name, makeHub);
}
