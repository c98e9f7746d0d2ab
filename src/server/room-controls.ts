import type { HostAction, Knock, RoomControls } from '../protocol/index.js';
import type { JoinCapacity } from './room-mode-record.js';

/**
 * A room's controls as a hub keeps them (LocalHub in memory, RedisHub in Redis: lua-controls.ts).
 * The rules, the same on both and checked by the hub contract (hub-controls-contract.ts):
 *
 * - Host: a join with the token's host claim makes its member the host; otherwise a member
 *   admitted while the room has no host (its first) becomes it. When the host's slot ends
 *   (leave, grace over) the oldest remaining member is host. One host at a time.
 * - Lobby: a join without the host claim to a room whose lobby is on waits (no slot, no
 *   roster, nothing it can send reaches anyone) until the host admits or denies it. A join
 *   that opens a room with the token's lobby claim turns the lobby on. Lobby off admits
 *   everyone waiting.
 * - Lock: a join without the host claim to a locked room is refused (`locked`); those already
 *   in, and resumes of their slots, are not affected.
 * - Passcode: stored only as a salted hash (passcode.ts); a join without the host claim must
 *   bring the stored hash its passcode matched (admission.ts verifies).
 * - The meeting ends when its last member's slot ends or the host ends it: the controls go,
 *   everyone still waiting is told `meeting-ended`.
 */
export interface ControlState {
  readonly host: string | null;
  readonly locked: boolean;
  readonly lobby: boolean;
  /** The stored passcode hash (`passcode.ts`), null without one. */
  readonly passcode: string | null;
}

export const NO_CONTROLS: ControlState = {
  host: null,
  locked: false,
  lobby: false,
  passcode: null,
};

/** What admission reads before a join: the room exists (members or waiting), its lock and passcode. */
export interface RoomAccess {
  readonly exists: boolean;
  readonly locked: boolean;
  /** The stored passcode hash, null without one. */
  readonly passcode: string | null;
}

/** A host's action as a hub runs it (the protocol's `host` message, passcode hashed). */
export type ControlAction =
  | { readonly action: 'admit'; readonly id: string; readonly capacity: JoinCapacity }
  | { readonly action: 'deny'; readonly id: string }
  | { readonly action: 'set-lobby'; readonly on: boolean }
  | { readonly action: 'set-lock'; readonly locked: boolean }
  | { readonly action: 'remove'; readonly id: string }
  | { readonly action: 'mute-request'; readonly id: string }
  | { readonly action: 'transfer-host'; readonly id: string }
  | { readonly action: 'end-meeting' }
  | { readonly action: 'set-passcode'; readonly stored: string | null }
  | { readonly action: 'set-mode'; readonly pinned: boolean; readonly meshCapacity: number };

// Every protocol action has its hub action.
type Covered = ControlAction['action'] extends HostAction
  ? HostAction extends ControlAction['action']
    ? true
    : never
  : never;
export const ACTIONS_COVERED: Covered = true;

/**
 * `done`; `forbidden`: the actor is not the host (or acts on itself); `unknown-peer`: no such
 * member (or, for admit and deny, nobody waiting under that id); `room-full`: admitting would
 * pass the room's capacity; `too-big`: the room has more members than a mesh holds;
 * `dropped`: the shared state store could not be reached.
 */
export type ControlOutcome =
  'done' | 'forbidden' | 'unknown-peer' | 'room-full' | 'too-big' | 'dropped';

/** What ends a connection's place for good, as the hub tells its link. */
export type EndReason = 'removed' | 'denied' | 'meeting-ended';

/** A resume refused because the slot was ended on purpose (tombstone of its token). */
export type EndedSlot = Extract<EndReason, 'removed' | 'meeting-ended'>;

/** The controls as `forId` is told them: the waiting list only for the host. */
export function controlsView(
  state: ControlState,
  forId: string,
  waiting: () => readonly Knock[],
): RoomControls {
  const view: RoomControls = {
    host: state.host,
    locked: state.locked,
    lobby: state.lobby,
    passcode: state.passcode !== null,
  };
  return state.host === forId ? { ...view, waiting: [...waiting()] } : view;
}
