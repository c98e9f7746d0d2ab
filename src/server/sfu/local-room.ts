import type { ServerOptions } from '../options.js';
import type { ModeRecord, RoomState } from '../room-mode-record.js';
import type { MemberMedia } from './member-media.js';
import type { SfuPool } from './sfu-pool.js';
import { decide, type Decision } from './switch-policy.js';

/** A room this node has members in, as its controller tracks it. */
export interface LocalRoom {
  readonly members: Set<MemberMedia>;
  /** The mode record as last read. */
  record: ModeRecord | null;
  running: boolean;
  again: boolean;
  /** Resolved when the room's evaluations have run out (`settled`). */
  idle: (() => void)[];
  timer: NodeJS.Timeout | null;
  /** Since when the room has been at meshMax - 1 or fewer (this node's clock). */
  smallSince: number | null;
  /** Since when the room's SFU has been lost without a replacement. */
  lostSince: number | null;
  /**
   * An SFU epoch whose instance connection dropped while the room was on it: its handles
   * are gone (and a restarted Janus has no rooms), so it needs a new epoch even once the
   * instance is back.
   */
  deadEpoch: number | null;
}

export function newLocalRoom(): LocalRoom {
  return {
    members: new Set(),
    record: null,
    running: false,
    again: false,
    idle: [],
    timer: null,
    smallSince: null,
    lostSince: null,
    deadEpoch: null,
  };
}

/** The policy's verdict on `state`; keeps the room's hold and loss clocks up to date. */
export function decideFor(
  state: RoomState,
  local: LocalRoom,
  options: ServerOptions,
  pool: SfuPool,
): Decision {
  const { mode, instance } = state.record;
  const now = Date.now();
  const small = mode.path === 'sfu' && state.members <= options.meshMax - 1;
  local.smallSince = small ? (local.smallSince ?? now) : null;
  const instanceHealthy =
    instance !== null && pool.get(instance)?.healthy === true && local.deadEpoch !== mode.epoch;
  const lost = mode.path === 'sfu' && !instanceHealthy;
  local.lostSince = lost ? (local.lostSince ?? now) : null;
  return decide({
    path: mode.path,
    members: state.members,
    pinned: mode.pinned,
    meshOnly: options.meshOnly,
    meshMax: options.meshMax,
    holdMs: options.sfuHoldMs,
    sfuAvailable: pool.healthyCount() > 0,
    instanceHealthy,
    smallSince: local.smallSince,
    lostSince: local.lostSince,
    now,
  });
}
