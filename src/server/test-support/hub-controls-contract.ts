import { describe, expect, it } from 'vitest';
import { refusal } from '../refusals.js';
import type { ControlAction } from '../room-controls.js';
import { numbered, type Joined, type MakeHub, hubStarter } from './hub-harness.js';
import { RecordingLink } from './recording-link.js';

const CAPACITY = { open: 8, pinned: 8 };
const STORED = 'scrypt$c2FsdA$aGFzaA';

/**
 * The room controls every hub implements (room-controls.ts): host assignment and hand-over,
 * the lobby, the lock, removal, mute requests, ending the meeting, the stored passcode and
 * its try counters, pinning by the host. Run by `hubContract` on LocalHub and RedisHub.
 */
export function hubControlsContract(name: string, makeHub: MakeHub): void {
  describe(`${name} enforces the room controls`, () => {
    const start = hubStarter(makeHub);
    const roomStates = (who: Joined) => who.link.all('room-state').map((m) => m.room);

    it('makes the first member host and tells each member the controls, the lobby only to the host', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(ann.room).toEqual({
        host: ann.id,
        locked: false,
        lobby: false,
        passcode: false,
        waiting: [],
      });
      expect(bob.room).toEqual({ host: ann.id, locked: false, lobby: false, passcode: false });
      await h.settle(ann, bob);
      expect(ann.link.all('room-state')).toEqual([]);
    });

    it('gives the host role to a host-claim join, and to the oldest member when the host leaves', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol', new RecordingLink(), { host: true });
      expect(carol.room.host).toBe(carol.id);
      await h.settle(ann, bob);
      expect(roomStates(ann).map((r) => r.host)).toEqual([carol.id]);
      expect(roomStates(bob).map((r) => r.host)).toEqual([carol.id]);
      h.leave(carol);
      await ann.link.nextOf('peer-left');
      await h.settle(ann, bob);
      // The oldest remaining member, Ann, is host; her copy lists the (empty) lobby.
      expect(roomStates(ann).at(-1)).toMatchObject({ host: ann.id, waiting: [] });
      expect(roomStates(bob).at(-1)).toEqual({
        host: ann.id,
        locked: false,
        lobby: false,
        passcode: false,
      });
    });

    it('passes the host role on when the host’s grace period ends', async () => {
      const h = await start({ resumeGraceMs: 200 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      h.detach(ann);
      expect(await bob.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: ann.id });
      expect((await bob.link.nextOf('room-state')).room).toMatchObject({ host: bob.id });
      expect((await carol.link.nextOf('room-state')).room.host).toBe(bob.id);
    });

    it('hands the host role over on request; only the host can', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(await h.control(bob, { action: 'transfer-host', id: bob.id })).toBe('forbidden');
      expect(await h.control(ann, { action: 'transfer-host', id: 'nobody' })).toBe('unknown-peer');
      expect(await h.control(ann, { action: 'transfer-host', id: bob.id })).toBe('done');
      expect((await ann.link.nextOf('room-state')).room).toEqual({
        host: bob.id,
        locked: false,
        lobby: false,
        passcode: false,
      });
      expect((await bob.link.nextOf('room-state')).room).toMatchObject({
        host: bob.id,
        waiting: [],
      });
      expect(await h.control(ann, { action: 'set-lock', locked: true })).toBe('forbidden');
    });

    it('refuses every action to anyone but the host, and to a superseded connection of the host', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const actions: ControlAction[] = [
        { action: 'admit', id: ann.id, capacity: CAPACITY },
        { action: 'deny', id: ann.id },
        { action: 'set-lobby', on: true },
        { action: 'set-lock', locked: true },
        { action: 'remove', id: ann.id },
        { action: 'mute-request', id: ann.id },
        { action: 'transfer-host', id: bob.id },
        { action: 'end-meeting' },
        { action: 'set-passcode', stored: STORED },
        { action: 'set-mode', pinned: true, meshCapacity: 8 },
      ];
      for (const action of actions)
        expect(await h.control(bob, action), action.action).toBe('forbidden');
      const fresh = await h.resume(ann);
      await ann.link.until(() => ann.link.superseded, 'supersede');
      expect(await h.control(ann, { action: 'set-lock', locked: true })).toBe('forbidden');
      expect(await h.control(fresh, { action: 'remove', id: fresh.id })).toBe('forbidden');
      await h.settle(bob, fresh);
      expect(bob.link.ended).toBeNull();
      expect(bob.link.all('room-state')).toEqual([]);
      expect(bob.link.all('room-mode')).toEqual([]);
      expect(await h.hub.roomAccess(room)).toEqual({ exists: true, locked: false, passcode: null });
    });

    it('holds a join in the lobby: the host sees the knock, the waiter is no member', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(await h.control(ann, { action: 'set-lobby', on: true })).toBe('done');
      expect((await bob.link.nextOf('room-state')).room.lobby).toBe(true);
      const dee = await h.wait(room, 'Dee');
      expect(await ann.link.nextOf('knock')).toEqual({
        type: 'knock',
        id: dee.waitingId,
        name: 'Dee',
      });
      expect((await h.hub.roomState(room)).members).toBe(2);
      expect(await h.relay(ann, dee.waitingId, numbered(1))).toBe('unknown-peer');
      expect(await h.app(ann, null, { chat: 'secret' })).toBe('delivered');
      expect(await h.control(ann, { action: 'mute-request', id: dee.waitingId })).toBe(
        'unknown-peer',
      );
      await h.settle(bob, ann);
      expect(bob.link.all('knock')).toEqual([]);
      expect(dee.link.received).toEqual([]);
      expect(await h.control(ann, { action: 'admit', id: dee.waitingId, capacity: CAPACITY })).toBe(
        'done',
      );
      expect(await ann.link.nextOf('knock-cancelled')).toEqual({
        type: 'knock-cancelled',
        id: dee.waitingId,
      });
      const inside = await h.enter(dee);
      expect(inside.id).toBe(dee.waitingId);
      expect(inside.peers).toEqual([ann.info, bob.info]);
      expect(inside.room).toEqual({ host: ann.id, locked: false, lobby: true, passcode: false });
      expect(await ann.link.nextOf('peer-joined')).toEqual({
        type: 'peer-joined',
        peer: inside.info,
      });
      expect(await h.control(ann, { action: 'admit', id: dee.waitingId, capacity: CAPACITY })).toBe(
        'unknown-peer',
      );
    });

    it('denies a waiter, forgets one that gives up, and lists the queue for a new host', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      await h.control(ann, { action: 'set-lobby', on: true });
      const dee = await h.wait(room, 'Dee');
      const eve = await h.wait(room, 'Eve');
      const fay = await h.wait(room, 'Fay');
      expect(await h.control(ann, { action: 'deny', id: eve.waitingId })).toBe('done');
      await eve.link.until(() => eve.link.ended === 'denied', 'denied');
      h.hub.cancelWait(room, fay.waitingId, fay.link);
      await ann.link.until(() => ann.link.all('knock-cancelled').length === 2, 'two cancels');
      expect(ann.link.all('knock-cancelled').map((m) => m.id)).toEqual([
        eve.waitingId,
        fay.waitingId,
      ]);
      expect(await h.control(ann, { action: 'admit', id: fay.waitingId, capacity: CAPACITY })).toBe(
        'unknown-peer',
      );
      await h.control(ann, { action: 'transfer-host', id: bob.id });
      await bob.link.until(() => roomStates(bob).at(-1)?.host === bob.id, 'host role');
      expect(roomStates(bob).at(-1)?.waiting).toEqual([{ id: dee.waitingId, name: 'Dee' }]);
    });

    it('opens a room with the lobby claim: newcomers wait for a host, who sees them on joining', async () => {
      const h = await start();
      const room = h.room();
      const dee = await h.wait(room, 'Dee', { lobby: true });
      const eve = await h.wait(room, 'Eve');
      expect((await h.hub.roomAccess(room)).exists).toBe(true);
      const host = await h.join(room, 'Host', new RecordingLink(), { host: true });
      expect(host.peers).toEqual([]);
      expect(host.room).toEqual({
        host: host.id,
        locked: false,
        lobby: true,
        passcode: false,
        waiting: [
          { id: dee.waitingId, name: 'Dee' },
          { id: eve.waitingId, name: 'Eve' },
        ],
      });
      // Lobby off lets everyone waiting in.
      expect(await h.control(host, { action: 'set-lobby', on: false })).toBe('done');
      const [inDee, inEve] = [await h.enter(dee), await h.enter(eve)];
      expect(inEve.peers).toEqual([host.info, inDee.info]);
      expect(inEve.room.lobby).toBe(false);
    });

    it('ends the wait when the meeting ends with its last member', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      await h.control(ann, { action: 'set-lobby', on: true });
      const dee = await h.wait(room, 'Dee');
      h.leave(ann);
      await dee.link.until(() => dee.link.ended === 'meeting-ended', 'meeting-ended');
      expect(await h.hub.roomAccess(room)).toEqual({
        exists: false,
        locked: false,
        passcode: null,
      });
      const again = await h.join(room, 'Ann again');
      expect(again.room).toMatchObject({ host: again.id, lobby: false });
    });

    it('bounds the lobby and admissions by the capacities', async () => {
      const h = await start({ roomCapacity: 3, lobbyCapacity: 2 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      await h.join(room, 'Bob');
      await h.control(ann, { action: 'set-lobby', on: true });
      const dee = await h.wait(room, 'Dee');
      const eve = await h.wait(room, 'Eve');
      expect(await h.tryJoin(room, 'Fay')).toMatchObject({ ok: false, code: 'room-full' });
      const small = { open: 3, pinned: 3 };
      expect(await h.control(ann, { action: 'admit', id: dee.waitingId, capacity: small })).toBe(
        'done',
      );
      expect(await h.control(ann, { action: 'admit', id: eve.waitingId, capacity: small })).toBe(
        'room-full',
      );
      await h.enter(dee);
      expect(await h.tryJoin(room, 'Gus')).toMatchObject({ ok: false, code: 'room-full' });
    });

    it('locks the room: nobody new gets in but the host, members and their resumes stay', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(await h.control(ann, { action: 'set-lock', locked: true })).toBe('done');
      expect((await bob.link.nextOf('room-state')).room.locked).toBe(true);
      expect(await h.hub.roomAccess(room)).toEqual({ exists: true, locked: true, passcode: null });
      expect(await h.tryJoin(room, 'Eve')).toEqual(refusal('locked', h.limits));
      h.detach(bob);
      expect((await h.resume(bob)).id).toBe(bob.id);
      const boss = await h.join(room, 'Boss', new RecordingLink(), { host: true });
      expect(boss.room).toMatchObject({ host: boss.id, locked: true });
      await h.control(boss, { action: 'set-lock', locked: false });
      expect((await h.join(room, 'Eve')).peers).toHaveLength(3);
    });

    it('removes a member at once: closed, told others, its token dead, locked out', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      await h.control(ann, { action: 'set-lock', locked: true });
      expect(await h.control(ann, { action: 'remove', id: ann.id })).toBe('forbidden');
      expect(await h.control(ann, { action: 'remove', id: bob.id })).toBe('done');
      await bob.link.until(() => bob.link.ended === 'removed', 'removed');
      expect(await carol.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      expect(await h.tryResume(bob)).toEqual(refusal('removed', h.limits));
      expect(await h.tryJoin(room, 'Bob')).toEqual(refusal('locked', h.limits));
      expect(await h.relay(ann, bob.id, numbered(1))).toBe('unknown-peer');
      expect((await h.hub.roomState(room)).members).toBe(2);
      // An away member can be removed too: its resume is told so.
      h.detach(carol);
      expect(await h.control(ann, { action: 'remove', id: carol.id })).toBe('done');
      expect(await h.tryResume(carol)).toEqual(refusal('removed', h.limits));
    });

    it('forwards a mute request to its target only', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      expect(await h.control(ann, { action: 'mute-request', id: bob.id })).toBe('done');
      expect(await bob.link.nextOf('mute-requested')).toEqual({
        type: 'mute-requested',
        by: ann.id,
      });
      expect(await h.control(ann, { action: 'mute-request', id: ann.id })).toBe('forbidden');
      await h.settle(carol, ann);
      await h.settle(ann, bob);
      expect(carol.link.all('mute-requested')).toEqual([]);
      expect(ann.link.all('mute-requested')).toEqual([]);
    });

    it('ends the meeting for everyone, waiting and away members included; the room starts afresh', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      await h.control(ann, { action: 'set-lock', locked: true });
      await h.control(ann, { action: 'set-lobby', on: true });
      const dee = await h.join(room, 'Dee', new RecordingLink(), { host: true });
      await h.control(dee, { action: 'set-lock', locked: false });
      const eve = await h.wait(room, 'Eve');
      h.detach(carol);
      expect(await h.control(dee, { action: 'end-meeting' })).toBe('done');
      for (const who of [ann.link, bob.link, dee.link, eve.link])
        await who.until(() => who.ended === 'meeting-ended', 'meeting-ended');
      expect(await h.tryResume(carol)).toEqual(refusal('meeting-ended', h.limits));
      expect(await h.tryResume(bob)).toEqual(refusal('meeting-ended', h.limits));
      expect(bob.link.all('peer-left')).toEqual([]);
      expect(await h.hub.roomAccess(room)).toEqual({
        exists: false,
        locked: false,
        passcode: null,
      });
      expect((await h.hub.roomState(room)).members).toBe(0);
      const fresh = await h.join(room, 'Fresh');
      expect(fresh.peers).toEqual([]);
      expect(fresh.room).toEqual({
        host: fresh.id,
        locked: false,
        lobby: false,
        passcode: false,
        waiting: [],
      });
    });

    it('keeps the passcode as the stored hash it was given; joins must bring that hash', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann', new RecordingLink(), { createPasscode: STORED });
      expect(ann.room.passcode).toBe(true);
      expect(await h.hub.roomAccess(room)).toEqual({
        exists: true,
        locked: false,
        passcode: STORED,
      });
      expect(await h.tryJoin(room, 'Eve')).toEqual(refusal('passcode-required', h.limits));
      expect(await h.tryJoin(room, 'Eve', new RecordingLink(), { passcode: 'scrypt$x$y' })).toEqual(
        refusal('passcode-wrong', h.limits),
      );
      const bob = await h.join(room, 'Bob', new RecordingLink(), { passcode: STORED });
      expect(bob.room.passcode).toBe(true);
      // A join with the host claim needs none; the host can change or clear it.
      await h.join(room, 'Boss', new RecordingLink(), { host: true });
      const other = 'scrypt$b3RoZXI$aGFzaDI';
      const boss = await h.join(room, 'Boss 2', new RecordingLink(), { host: true });
      expect(await h.control(boss, { action: 'set-passcode', stored: other })).toBe('done');
      expect((await bob.link.nextOf('room-state')).room.passcode).toBe(true);
      expect(await h.tryJoin(room, 'Eve', new RecordingLink(), { passcode: STORED })).toEqual(
        refusal('passcode-wrong', h.limits),
      );
      expect(await h.control(boss, { action: 'set-passcode', stored: null })).toBe('done');
      expect((await h.hub.roomAccess(room)).passcode).toBeNull();
      expect((await h.join(room, 'Eve')).room.passcode).toBe(false);
    });

    it('counts wrong passcodes per address and per room, over a minute', async () => {
      const h = await start({ passcodeTriesPerIp: 2, passcodeTriesPerRoom: 3 });
      const room = h.room();
      const check = (address: string, where = room) => h.hub.passcodeTries(where, address, 'check');
      const wrong = (address: string) => h.hub.passcodeTries(room, address, 'wrong');
      expect(await check('198.51.100.1')).toBe(true);
      await wrong('198.51.100.1');
      expect(await check('198.51.100.1')).toBe(true);
      await wrong('198.51.100.1');
      expect(await check('198.51.100.1')).toBe(false);
      expect(await check('198.51.100.2')).toBe(true);
      await wrong('198.51.100.2');
      // Three wrong tries for the room: nobody may try it now, others rooms are unaffected.
      expect(await check('198.51.100.3')).toBe(false);
      expect(await check('198.51.100.3', h.room())).toBe(true);
    });

    it('lets the host pin the room to the mesh and let it go', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      await h.join(room, 'Carol');
      const pin = { action: 'set-mode', pinned: true, meshCapacity: 2 } as const;
      expect(await h.control(ann, pin)).toBe('too-big');
      expect(await h.control(ann, { ...pin, meshCapacity: 8 })).toBe('done');
      expect(await bob.link.nextOf('room-mode')).toEqual({
        type: 'room-mode',
        mode: { path: 'mesh', epoch: 1, pinned: true },
        reason: 'pinned',
      });
      expect(await h.control(ann, { ...pin, pinned: false })).toBe('done');
      expect(await bob.link.nextOf('room-mode')).toEqual({
        type: 'room-mode',
        mode: { path: 'mesh', epoch: 2, pinned: false },
        reason: 'unpinned',
      });
      expect((await ann.link.nextOf('room-mode')).reason).toBe('pinned');
      expect((await h.hub.roomState(room)).record.mode).toEqual({
        path: 'mesh',
        epoch: 2,
        pinned: false,
      });
    });
  });
}
