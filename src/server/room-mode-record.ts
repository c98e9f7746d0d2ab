import type { RoomMode, RoomModeReason, RoomPath } from '../protocol/index.js';

/**
 * A room's media mode as the hub keeps it: one record per room, shared by every node
 * (LocalHub in memory, RedisHub in Redis). The rules of a change are here, once;
 * `applyModeChange` is what LocalHub runs and what the Redis script `mode-change`
 * (redis/lua-modes.ts) mirrors, and the hub contract suite checks both.
 */

/** A switch one node is setting up (a Janus room being created); members are not told. */
export interface PreparingSwitch {
  /** The node doing the work (`SignalingHub.nodeId`). */
  readonly owner: string;
  /** When the switch lease was taken, in the hub's clock (ms); it is the lease's token. */
  readonly since: number;
  readonly path: RoomPath;
  readonly instance: string | null;
  readonly janusRoom: string | null;
}

export interface ModeRecord {
  /** What every member is told (welcome, room-mode). */
  readonly mode: RoomMode;
  /** The SFU of an `sfu` mode: instance id (its URL) and Janus room; null on mesh. */
  readonly instance: string | null;
  readonly janusRoom: string | null;
  readonly preparing: PreparingSwitch | null;
}

/** What the controller reads before deciding: members (away ones included) and the record. */
export interface RoomState {
  readonly members: number;
  readonly record: ModeRecord;
  /** The hub's clock when read (ms): preparing leases are judged by it. */
  readonly now: number;
}

/**
 * A compare-and-set on the record's epoch (`epoch` must be the current `mode.epoch`):
 * - `prepare`: take the room's switch lease (fails while another fresh lease exists, or
 *   when the target is the SFU and the room is pinned); members are not told.
 * - `abandon`: give one's own lease back (the Janus room could not be created).
 * - `announce`: put a new mode in force (epoch + 1) and tell every member (`room-mode`).
 *   With `preparedSince` it finishes a prepared switch and needs that lease still to be
 *   the caller's; without, it is a direct change (to mesh) and clears any lease.
 */
export type ModeChange =
  | {
      readonly kind: 'prepare';
      readonly epoch: number;
      readonly path: RoomPath;
      readonly instance: string | null;
      readonly janusRoom: string | null;
      /** A lease older than this is stale and may be taken over. */
      readonly staleMs: number;
    }
  | { readonly kind: 'abandon'; readonly epoch: number; readonly preparedSince: number }
  | {
      readonly kind: 'announce';
      readonly epoch: number;
      readonly path: RoomPath;
      readonly instance: string | null;
      readonly janusRoom: string | null;
      readonly reason: RoomModeReason;
      readonly preparedSince: number | null;
    };

/** How many members a join may find: `pinned` when the room is (or this join makes it) pinned. */
export interface JoinCapacity {
  readonly open: number;
  readonly pinned: number;
}

export const INITIAL_MODE_RECORD: ModeRecord = {
  mode: { path: 'mesh', epoch: 0, pinned: false },
  instance: null,
  janusRoom: null,
  preparing: null,
};

export interface AppliedChange {
  readonly record: ModeRecord;
  /** Set when members must be told (`room-mode` with this reason). */
  readonly announce: RoomModeReason | null;
}

/** The record after `change` by `node` at `now`, or null when the compare-and-set fails. */
export function applyModeChange(
  current: ModeRecord,
  change: ModeChange,
  node: string,
  now: number,
): AppliedChange | null {
  if (current.mode.epoch !== change.epoch) return null;
  const lease = current.preparing;
  const ownLease = (since: number): boolean => lease?.owner === node && lease.since === since;
  switch (change.kind) {
    case 'prepare': {
      if (lease !== null && now - lease.since < change.staleMs) return null;
      if (change.path === 'sfu' && current.mode.pinned) return null;
      const { path, instance, janusRoom } = change;
      const preparing = { owner: node, since: now, path, instance, janusRoom };
      return { record: { ...current, preparing }, announce: null };
    }
    case 'abandon':
      if (!ownLease(change.preparedSince)) return null;
      return { record: { ...current, preparing: null }, announce: null };
    case 'announce': {
      if (change.preparedSince !== null && !ownLease(change.preparedSince)) return null;
      if (change.path === 'sfu' && current.mode.pinned) return null;
      const sfu = change.path === 'sfu';
      const record: ModeRecord = {
        mode: { path: change.path, epoch: current.mode.epoch + 1, pinned: current.mode.pinned },
        instance: sfu ? change.instance : null,
        janusRoom: sfu ? change.janusRoom : null,
        preparing: null,
      };
      return { record, announce: change.reason };
    }
  }
}

/**
 * A join with the `mesh` claim pins the room. A mesh room's members are told at once
 * (epoch + 1, reason `pinned`); a room on the SFU is moved back by its controller.
 */
export function applyPin(current: ModeRecord): AppliedChange {
  if (current.mode.pinned) return { record: current, announce: null };
  const pinned = { ...current, mode: { ...current.mode, pinned: true } };
  if (current.mode.path === 'sfu') return { record: pinned, announce: null };
  return {
    record: { ...pinned, mode: { ...pinned.mode, epoch: current.mode.epoch + 1 } },
    announce: 'pinned',
  };
}

/**
 * The host pins the room to the mesh or lets it go (`set-mode`). Pinning is `applyPin`;
 * unpinning a mesh room tells its members at once (epoch + 1, reason `unpinned`), after which
 * the switching policy may move it to the SFU again.
 */
export function applyPinned(current: ModeRecord, pinned: boolean): AppliedChange {
  if (pinned) return applyPin(current);
  if (!current.mode.pinned) return { record: current, announce: null };
  const unpinned = { ...current, mode: { ...current.mode, pinned: false } };
  if (current.mode.path === 'sfu') return { record: unpinned, announce: null };
  return {
    record: { ...unpinned, mode: { ...unpinned.mode, epoch: current.mode.epoch + 1 } },
    announce: 'unpinned',
  };
}

/** The capacity a join is checked against. */
export function capacityFor(record: ModeRecord, pinning: boolean, capacity: JoinCapacity): number {
  return record.mode.pinned || pinning ? capacity.pinned : capacity.open;
}
