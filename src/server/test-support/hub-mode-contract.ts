import { describe, expect, it } from 'vitest';
import { refusal } from '../refusals.js';
import type { ModeChange, ModeRecord } from '../room-mode-record.js';
import { type MakeHub, hubStarter } from './hub-harness.js';

const MESH0 = { path: 'mesh', epoch: 0, pinned: false } as const;
const STALE_MS = 10_000;

type Prepare = Extract<ModeChange, { kind: 'prepare' }>;
type Announce = Extract<ModeChange, { kind: 'announce' }>;

const prepare = (epoch: number, janusRoom = 'j1', staleMs = STALE_MS): Prepare => ({
  kind: 'prepare',
  epoch,
  path: 'sfu',
  instance: 'ws://sfu-a',
  janusRoom,
  staleMs,
});

function finish(record: ModeRecord | null): ModeChange {
  const lease = record?.preparing;
  if (!lease) throw new Error('expected a switch lease');
  return {
    kind: 'announce',
    epoch: record.mode.epoch,
    path: lease.path,
    instance: lease.instance,
    janusRoom: lease.janusRoom,
    reason: 'grew',
    preparedSince: lease.since,
  };
}

const toMesh = (epoch: number): Announce => ({
  kind: 'announce',
  epoch,
  path: 'mesh',
  instance: null,
  janusRoom: null,
  reason: 'shrank',
  preparedSince: null,
});

/**
 * Room modes and app messages, the same on every hub: the mode record's compare-and-set,
 * who is told what, the welcome's mode, pinning, and the app relay. Run by `hubContract`.
 */
export function hubModeContract(name: string, makeHub: MakeHub): void {
  describe(`${name} keeps room modes and relays app messages`, () => {
    const start = hubStarter(makeHub);

    it('admits into a new room as a mesh at epoch 0; room state counts members, away ones too', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      expect(ann.mode).toEqual(MESH0);
      h.detach(bob);
      const state = await h.hub.roomState(room);
      expect(state.members).toBe(2);
      expect(state.record).toEqual({
        mode: MESH0,
        instance: null,
        janusRoom: null,
        preparing: null,
      });
      expect((await h.hub.roomState(h.room())).members).toBe(0);
    });

    it('takes a switch lease silently, lets one holder finish it and tells every member', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const prepared = await h.hub.changeMode(room, prepare(0));
      expect(prepared?.mode).toEqual(MESH0);
      expect(prepared?.preparing).toMatchObject({
        owner: h.hub.nodeId,
        path: 'sfu',
        janusRoom: 'j1',
      });
      // A second lease waits for the first; a stale epoch never sets anything.
      expect(await h.hub.changeMode(room, prepare(0, 'j2'))).toBeNull();
      expect(await h.hub.changeMode(room, toMesh(7))).toBeNull();
      await h.settle(ann, bob);
      expect(ann.link.all('room-mode')).toEqual([]);
      expect((await h.join(room, 'Carol')).mode).toEqual(MESH0);
      const ready = await h.hub.changeMode(room, finish(prepared));
      const sfu1 = { path: 'sfu', epoch: 1, pinned: false };
      expect(ready).toEqual({
        mode: sfu1,
        instance: 'ws://sfu-a',
        janusRoom: 'j1',
        preparing: null,
      });
      for (const member of [ann, bob]) {
        expect(await member.link.nextOf('room-mode')).toEqual({
          type: 'room-mode',
          mode: sfu1,
          reason: 'grew',
        });
      }
      expect(await h.hub.changeMode(room, finish(prepared))).toBeNull();
      expect((await h.join(room, 'Dave')).mode).toEqual(sfu1);
      expect((await h.hub.roomState(room)).record.janusRoom).toBe('j1');
    });

    it('lets a stale lease be taken over; the old holder can then neither finish nor abandon', async () => {
      const h = await start();
      const room = h.room();
      await h.join(room, 'Ann');
      const first = await h.hub.changeMode(room, prepare(0, 'j1', 0));
      const oldSince = first?.preparing?.since ?? -1;
      // A lease of age 0 is already stale; take it over once the hub's clock has moved on.
      let second: ModeRecord | null = null;
      for (
        let tries = 0;
        tries < 1000 && (second?.preparing?.since ?? oldSince) === oldSince;
        tries++
      ) {
        // A turn of the event loop each time, so the clock moves on (an in-memory hub answers
        // within the same millisecond otherwise).
        await new Promise((resolve) => setImmediate(resolve));
        second = await h.hub.changeMode(room, prepare(0, 'j2', 0));
      }
      expect(second?.preparing?.janusRoom).toBe('j2');
      expect(second?.preparing?.since).toBeGreaterThan(oldSince);
      expect(await h.hub.changeMode(room, finish(first))).toBeNull();
      expect(
        await h.hub.changeMode(room, { kind: 'abandon', epoch: 0, preparedSince: oldSince }),
      ).toBeNull();
      const released = await h.hub.changeMode(room, {
        kind: 'abandon',
        epoch: 0,
        preparedSince: second?.preparing?.since ?? -1,
      });
      expect(released).toEqual({ mode: MESH0, instance: null, janusRoom: null, preparing: null });
    });

    it('lets a direct change to mesh clear a lease: the holder cannot finish it', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const up = await h.hub.changeMode(room, finish(await h.hub.changeMode(room, prepare(0))));
      const restoring = await h.hub.changeMode(room, { ...prepare(1, 'j2'), path: 'sfu' });
      const down = await h.hub.changeMode(room, toMesh(1));
      expect(down).toEqual({
        mode: { path: 'mesh', epoch: 2, pinned: false },
        instance: null,
        janusRoom: null,
        preparing: null,
      });
      expect(up?.mode.epoch).toBe(1);
      expect(await h.hub.changeMode(room, finish(restoring))).toBeNull();
      expect((await ann.link.nextOf('room-mode')).reason).toBe('grew');
      expect(await ann.link.nextOf('room-mode')).toEqual({
        type: 'room-mode',
        mode: { path: 'mesh', epoch: 2, pinned: false },
        reason: 'shrank',
      });
    });

    it('pins a room on a join with the mesh claim: told at once, capped, never on the SFU', async () => {
      const h = await start();
      const room = h.room();
      const capacity = { open: 5, pinned: 3 };
      const ann = await h.join(room, 'Ann', undefined, { capacity });
      const bob = await h.join(room, 'Bob', undefined, { capacity, pinMesh: true });
      const pinned = { path: 'mesh', epoch: 1, pinned: true };
      expect(bob.mode).toEqual(pinned);
      expect(await ann.link.nextOf('room-mode')).toEqual({
        type: 'room-mode',
        mode: pinned,
        reason: 'pinned',
      });
      await h.settle(bob, ann);
      expect(bob.link.all('room-mode')).toEqual([]);
      await h.join(room, 'Carol', undefined, { capacity });
      expect(await h.tryJoin(room, 'Dave', undefined, { capacity })).toEqual(
        refusal('room-full', { roomCapacity: 3 }),
      );
      expect(await h.hub.changeMode(room, prepare(1))).toBeNull();
      const direct: ModeChange = { ...toMesh(1), path: 'sfu', instance: 'i', janusRoom: 'j' };
      expect(await h.hub.changeMode(room, direct)).toBeNull();
      // Without the claim, the open capacity applies to an unpinned room.
      const other = h.room();
      for (const n of [1, 2, 3, 4, 5])
        await h.join(other, `M${String(n)}`, undefined, { capacity });
      expect(await h.tryJoin(other, 'Six', undefined, { capacity })).toMatchObject({
        ok: false,
        code: 'room-full',
      });
    });

    it('starts a room used again (after its last member left) as a mesh at epoch 0', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      await h.hub.changeMode(room, finish(await h.hub.changeMode(room, prepare(0))));
      h.leave(ann);
      await expect.poll(async () => (await h.hub.roomState(room)).members).toBe(0);
      expect((await h.join(room, 'Bob')).mode).toEqual(MESH0);
      expect((await h.hub.roomState(room)).record.janusRoom).toBeNull();
    });

    it('shows members that joined without WebRTC as webrtc: false', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob', undefined, { webrtc: false });
      const carol = await h.join(room, 'Carol', undefined, { webrtc: true });
      const bobInfo = { id: bob.id, name: 'Bob', webrtc: false };
      expect(carol.peers).toEqual([ann.info, bobInfo]);
      expect(await ann.link.nextOf('peer-joined')).toEqual({ type: 'peer-joined', peer: bobInfo });
      h.detach(carol);
      expect((await h.resume(carol)).peers).toEqual([ann.info, bobInfo]);
    });

    it('relays app messages to one member or every other one, from stamped', async () => {
      const h = await start();
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      const eve = await h.join(h.room(), 'Eve');
      expect(await h.app(ann, bob.id, { chat: 'hi Bob' })).toBe('delivered');
      expect(await h.app(ann, null, { chat: ['hi', 'all', 1, null, true] })).toBe('delivered');
      for (const to of [ann.id, eve.id, 'nobody-with-this-id'])
        expect(await h.app(ann, to, { chat: 'x' })).toBe('unknown-peer');
      await h.settle(bob, carol);
      await h.settle(carol, bob);
      await h.settle(ann, bob);
      expect(bob.link.all('app')).toEqual([
        { type: 'app', from: ann.id, data: { chat: 'hi Bob' } },
        { type: 'app', from: ann.id, data: { chat: ['hi', 'all', 1, null, true] } },
      ]);
      expect(carol.link.all('app')).toEqual([
        { type: 'app', from: ann.id, data: { chat: ['hi', 'all', 1, null, true] } },
      ]);
      expect(ann.link.all('app')).toEqual([]);
      expect(eve.link.all('app')).toEqual([]);
    });

    it('buffers app messages for an away member with its signals, in order, within the cap', async () => {
      const h = await start({ resumeBufferMessages: 3 });
      const room = h.room();
      const ann = await h.join(room, 'Ann');
      const bob = await h.join(room, 'Bob');
      const carol = await h.join(room, 'Carol');
      h.detach(bob);
      expect(await h.app(ann, bob.id, { n: 1 })).toBe('buffered');
      expect(await h.app(ann, null, { n: 2 })).toBe('delivered');
      const back = await h.resume(bob);
      await h.settle(back, ann);
      expect(back.link.all('app').map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }]);
      h.detach(back);
      for (const n of [3, 4, 5]) expect(await h.app(carol, back.id, { n })).toBe('buffered');
      expect(await h.app(carol, null, { n: 6 })).toBe('delivered');
      // Beyond the cap the oldest go first; the slot itself stays.
      const again = await h.resume(back);
      await h.settle(again, carol);
      expect(again.link.all('app').map((m) => m.data)).toEqual([{ n: 4 }, { n: 5 }, { n: 6 }]);
    });
  });
}
