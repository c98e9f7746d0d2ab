import { describe, expect, it } from 'vitest';
import type { SignalingHub } from '../hub.js';
import { refusal } from '../refusals.js';
import type { RoomEvent } from '../room-events.js';
import { type MakeHub, hubStarter } from './hub-harness.js';

const CAPACITY = { open: 8, pinned: 8 };

/** Records a hub's room events of one room, in order, and waits for a count of them. */
class EventLog {
  readonly events: RoomEvent[] = [];

  constructor(hub: SignalingHub, room: string) {
    hub.events.on((event) => {
      if (event.room === room) this.events.push(event);
    });
  }

  /** Short forms: `room.started`, `participant.joined Ann`, `participant.left Ann left`. */
  async waitFor(count: number): Promise<string[]> {
    await expect.poll(() => this.events.length).toBeGreaterThanOrEqual(count);
    return this.events.map((event) => {
      switch (event.type) {
        case 'room.started':
        case 'room.ended':
          return event.type;
        case 'participant.joined':
          return `${event.type} ${event.participant.name}`;
        case 'participant.left':
          return `${event.type} ${event.participant.name} ${event.reason}`;
      }
    });
  }
}

/**
 * Room events (webhooks) and the admin page's view and actions, the same on every hub:
 * part of `hubContract`.
 */
export function adminContract(name: string, makeHub: MakeHub): void {
  describe(`${name}: room events and admin actions`, () => {
    const start = hubStarter(makeHub);

    it('emits room started, joins, leaves and room ended in order; resumes emit nothing', async () => {
      const h = await start();
      const room = h.room();
      const log = new EventLog(h.hub, room);
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      h.detach(bob);
      const back = await h.resume(bob);
      h.leave(ann);
      await back.link.nextOf('peer-left');
      h.leave(back);
      expect(await log.waitFor(6)).toEqual([
        'room.started',
        'participant.joined Ann',
        'participant.joined Bob',
        'participant.left Ann left',
        'participant.left Bob left',
        'room.ended',
      ]);
    });

    it('says a member expired when its grace period ended, and the room ended with it', async () => {
      const h = await start({ resumeGraceMs: 200 });
      const room = h.room();
      const log = new EventLog(h.hub, room);
      const ann = await h.join(room, 'Ann');
      h.detach(ann);
      expect(await log.waitFor(4)).toEqual([
        'room.started',
        'participant.joined Ann',
        'participant.left Ann expired',
        'room.ended',
      ]);
    });

    it('lists live rooms with their members, oldest first, away ones marked', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      h.detach(bob);
      await expect
        .poll(async () => (await h.hub.listRooms(1000)).find((r) => r.room === room))
        .toEqual({
          room,
          path: 'mesh',
          members: [
            { id: ann.id, name: 'Ann', attached: true, node: h.hub.nodeId },
            { id: bob.id, name: 'Bob', attached: false, node: '' },
          ],
        });
    });

    it('removes a member as the host would: told, others get peer-left, token answers removed', async () => {
      const h = await start();
      const room = h.room();
      const log = new EventLog(h.hub, room);
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      expect(await h.hub.removeMember(room, bob.id)).toBe(true);
      await bob.link.until(() => bob.link.ended === 'removed', 'removed');
      expect(await ann.link.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
      expect(await h.tryResume(bob)).toEqual(refusal('removed', h.limits));
      // The host (Ann) is not special to an administrator; an away member can go too.
      h.detach(carol);
      expect(await h.hub.removeMember(room, carol.id)).toBe(true);
      expect(await h.tryResume(carol)).toEqual(refusal('removed', h.limits));
      expect(await h.hub.removeMember(room, bob.id)).toBe(false);
      expect(await h.hub.removeMember(h.room(), ann.id)).toBe(false);
      expect(ann.link.ended).toBe(null);
      expect((await log.waitFor(6)).slice(4)).toEqual([
        'participant.left Bob removed',
        'participant.left Carol removed',
      ]);
    });

    it('ends a room as the host would: everyone, away and waiting too, is told meeting-ended', async () => {
      const h = await start();
      const room = h.room();
      const other = h.room();
      const log = new EventLog(h.hub, room);
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(other, 'Carol');
      await h.control(ann, { action: 'set-lobby', on: true });
      const dee = await h.wait(room, 'Dee');
      h.detach(bob);
      expect(await h.hub.endRoom(room)).toBe(2);
      for (const who of [ann.link, dee.link])
        await who.until(() => who.ended === 'meeting-ended', 'meeting-ended');
      expect(await h.tryResume(bob)).toEqual(refusal('meeting-ended', h.limits));
      expect((await log.waitFor(6)).slice(3)).toEqual([
        'participant.left Ann meeting-ended',
        'participant.left Bob meeting-ended',
        'room.ended',
      ]);
      const rooms = (await h.hub.listRooms(1000)).map((r) => r.room);
      expect(rooms).not.toContain(room);
      expect(rooms).toContain(other);
      expect(await h.hub.roomAccess(room)).toEqual({
        exists: false,
        locked: false,
        passcode: null,
      });
      expect(carol.link.ended).toBe(null);
      expect(await h.hub.endRoom(room)).toBe(0);
    });

    it('reports the host’s decisions: removal, admission from the lobby, end for everyone', async () => {
      const h = await start();
      const room = h.room();
      const log = new EventLog(h.hub, room);
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(await h.control(ann, { action: 'remove', id: bob.id })).toBe('done');
      await h.control(ann, { action: 'set-lobby', on: true });
      const dee = await h.wait(room, 'Dee');
      const eve = await h.wait(room, 'Eve');
      expect(await h.control(ann, { action: 'deny', id: eve.waitingId })).toBe('done');
      expect(await h.control(ann, { action: 'admit', id: dee.waitingId, capacity: CAPACITY })).toBe(
        'done',
      );
      const admitted = await h.enter(dee);
      expect(await h.control(ann, { action: 'end-meeting' })).toBe('done');
      await admitted.link.until(() => admitted.link.ended === 'meeting-ended', 'meeting-ended');
      // Eve, denied, never was a participant.
      expect(await log.waitFor(8)).toEqual([
        'room.started',
        'participant.joined Ann',
        'participant.joined Bob',
        'participant.left Bob removed',
        'participant.joined Dee',
        'participant.left Ann meeting-ended',
        'participant.left Dee meeting-ended',
        'room.ended',
      ]);
    });
  });
}
