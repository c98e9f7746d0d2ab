import type { RoomModeReason, RoomPath } from '../../protocol/index.js';

/** What the policy looks at: one room as one node sees it now. */
export interface PolicyInput {
  readonly path: RoomPath;
  /** Members, away ones (resume grace) included. */
  readonly members: number;
  readonly pinned: boolean;
  /** The server never leaves the mesh (`--mesh-only`). */
  readonly meshOnly: boolean;
  readonly meshMax: number;
  readonly holdMs: number;
  /** Some SFU instance is healthy (a new room can be created). */
  readonly sfuAvailable: boolean;
  /** On `sfu`: the room's own instance is healthy. */
  readonly instanceHealthy: boolean;
  /** Since when the room has been small (<= meshMax - 1), by this node's clock; null: it is not. */
  readonly smallSince: number | null;
  /** On `sfu` with a lost instance: since when no instance could take the room; null: now. */
  readonly lostSince: number | null;
  readonly now: number;
}

/**
 * stay: nothing to do · wait: check again after `ms` (a hold or a restore in progress) ·
 * switch: move the room to `path` (on `sfu` from `sfu`: a new Janus room, `sfu-restored`).
 */
export type Decision =
  | { readonly action: 'stay' }
  | { readonly action: 'wait'; readonly ms: number }
  | { readonly action: 'switch'; readonly path: RoomPath; readonly reason: RoomModeReason };

/**
 * A room whose SFU was lost and that nobody can restore goes back to mesh after this long
 * anyway, whatever its size: a struggling mesh beats no media at all.
 */
export const RESTORE_GIVE_UP_MS = 30_000;

const STAY: Decision = { action: 'stay' };

/**
 * The switching policy (docs/sfu.md): a mesh up to `meshMax`, the SFU above; back to mesh
 * after `holdMs` at `meshMax - 1` or fewer (the gap of one and the hold stop a room that
 * hovers at the threshold from flapping); never for pinned rooms or `--mesh-only`; and
 * when the SFU is lost: mesh if small enough, else a new SFU room when one is healthy.
 */
export function decide(input: PolicyInput): Decision {
  const { path, members, meshMax } = input;
  if (path === 'mesh') {
    const allowed = !input.pinned && !input.meshOnly && input.sfuAvailable;
    return allowed && members > meshMax ? { action: 'switch', path: 'sfu', reason: 'grew' } : STAY;
  }
  if (input.pinned || input.meshOnly) return { action: 'switch', path: 'mesh', reason: 'pinned' };
  if (!input.instanceHealthy) return onLost(input);
  if (members > meshMax - 1) return STAY;
  const since = input.smallSince ?? input.now;
  const left = input.holdMs - (input.now - since);
  return left <= 0
    ? { action: 'switch', path: 'mesh', reason: 'shrank' }
    : { action: 'wait', ms: left };
}

function onLost(input: PolicyInput): Decision {
  if (input.members <= input.meshMax) return { action: 'switch', path: 'mesh', reason: 'sfu-lost' };
  if (input.sfuAvailable) return { action: 'switch', path: 'sfu', reason: 'sfu-restored' };
  const waited = input.now - (input.lostSince ?? input.now);
  if (waited >= RESTORE_GIVE_UP_MS) return { action: 'switch', path: 'mesh', reason: 'sfu-lost' };
  return { action: 'wait', ms: RESTORE_GIVE_UP_MS - waited };
}
