import type {
  ClientAppMessage,
  PeerInfo,
  RoomControls,
  RoomMode,
  ServerMessage,
  SignalData,
} from '../protocol/index.js';
import type { Refused } from './refusals.js';
import type { RoomEvents, RoomSummary } from './room-events.js';
import type { ControlAction, ControlOutcome, EndReason, RoomAccess } from './room-controls.js';
import type { JoinCapacity, ModeChange, ModeRecord, RoomState } from './room-mode-record.js';

export type { JoinRefusal, Refused } from './refusals.js';

/**
 * A signal as it travels through a hub: the validated data and, when the frame it came in
 * had the compact layout every client sends, its SDP's JSON string literal as it arrived
 * (still escaped, without quotes). The connection that delivers it splices the literal
 * into its frame instead of encoding the SDP again (relay-encoding.ts); a hub that stores
 * or forwards signals as text keeps the literal too, or passes null.
 */
export interface SignalPayload {
  readonly data: SignalData;
  /** The sender's bytes, or the text a node wrote; null: `data` is encoded again. */
  readonly sdpLiteral: Buffer | string | null;
}

/** A relayed signal for one member; its client receives `{"type":"signal", from, data}`. */
export interface RelayedSignal {
  readonly type: 'relayed';
  readonly from: string;
  readonly payload: SignalPayload;
}

/** What a hub hands a member's connection: room events, and signals with their payload. */
export type Delivery = Exclude<ServerMessage, { type: 'signal' }> | RelayedSignal;

/**
 * Where the hub delivers messages for one attached member: its live connection. The
 * connection queues what arrives before its `welcome` went out, so ordering holds.
 */
export interface MemberLink {
  send(message: Delivery): void;
  /** A resumed connection took this member's slot over: close this one without `peer-left`. */
  supersede(): void;
  /**
   * The hub lost this member's slot while the connection lived (shared state was unreachable
   * for longer than lease + grace, and the others were told `peer-left`): close this
   * connection so the client rejoins.
   */
  expire(): void;
  /** The host admitted this waiting connection: it joins again with `JoinRequest.admitted`. */
  admit(): void;
  /** The hub ended this connection's place for good: tell the client `reason` and close. */
  end(reason: EndReason): void;
}

/** A member as the connection that owns it sees it. */
export interface Membership {
  readonly peerId: string;
  readonly room: string;
  readonly name: string;
}

export interface JoinRequest {
  readonly room: string;
  readonly name: string;
  /** false: the member cannot create peer connections (the others see `webrtc: false`). */
  readonly webrtc?: boolean;
  /** The join's room token has the `mesh` claim: the join pins the room to the mesh. */
  readonly pinMesh?: boolean;
  /** How many members the room may hold; default: the hub's `roomCapacity` either way. */
  readonly capacity?: JoinCapacity;
  /**
   * The client's address bucket (an IPv4 address, or an IPv6 /64; `addressBucket`): hubs
   * group dropped slots and their buffered bytes by it, and treat it as opaque.
   */
  readonly addressKey: string;
  /** The join's room token has the host claim: its member becomes the host, past lobby and lock. */
  readonly host?: boolean;
  /** The join's room token has the lobby claim: a room this join opens has its lobby on. */
  readonly lobby?: boolean;
  /** The stored passcode hash the join's passcode matched (verified before the join). */
  readonly passcode?: string;
  /** For a join that opens the room: the passcode hash the room starts with. */
  readonly createPasscode?: string;
  /**
   * The waiting id under which the host admitted this link (set by the connection layer from
   * its own state, never from a client's message): passes lobby, lock and passcode.
   */
  readonly admitted?: string;
}

export interface ResumeRequest extends JoinRequest {
  readonly token: string;
}

export type JoinOutcome =
  | {
      readonly ok: true;
      readonly member: Membership;
      /** The other members, oldest first. */
      readonly peers: readonly PeerInfo[];
      /** Fresh resume token for this member (the previous one, if any, is now invalid). */
      readonly resumeToken: string;
      /** The room's mode when the member was admitted (what its `welcome` says). */
      readonly mode: RoomMode;
      /** The room's controls as this member is told them (`welcome.room`). */
      readonly room: RoomControls;
    }
  | {
      /** The room's lobby is on: the link waits under this id until `admit` or `end`. */
      readonly ok: 'waiting';
      readonly waitingId: string;
    }
  | Refused;

/** The data of an app message, relayed as it is. */
export type AppData = ClientAppMessage['data'];

/**
 * `dropped`: the shared state store was unreachable, so the signal was lost (at most once,
 * never misrouted); the sender is not told, as for a signal lost with a dying connection.
 */
export type RelayOutcome = 'delivered' | 'buffered' | 'unknown-peer' | 'dropped';

export interface HubStats {
  readonly rooms: number;
  readonly members: number;
  /** Bytes of signals buffered for dropped members, where the hub keeps them in this process. */
  readonly bufferedBytes?: number;
}

/**
 * Why a connection went away without a leave. `lost`: the client's side (network, tab,
 * heartbeat, slow reader) — these count against the dropped-slot caps per room and per
 * address. `server`: this server ended it (a drain), through no fault of the client.
 */
export type DetachCause = 'lost' | 'server';

/**
 * Room membership and message routing. The connection layer talks only to this interface:
 * a single process uses `LocalHub`; scale-out implementations share state between nodes.
 */
export interface SignalingHub {
  /** This node's id in shared state (the owner of switch leases it takes). */
  readonly nodeId: string;
  /** Admits a new member (server-assigned id) or refuses with a typed reason. */
  join(request: JoinRequest, link: MemberLink): Promise<JoinOutcome>;
  /** Re-attaches a member whose connection dropped, keeping its id; buffered signals follow. */
  resume(request: ResumeRequest, link: MemberLink): Promise<JoinOutcome>;
  /**
   * Sends a signal from one member to another member of the same room, stamping `from`.
   * Relays from one member reach the target in the order they were made.
   */
  relay(from: Membership, to: string, payload: SignalPayload): Promise<RelayOutcome>;
  /**
   * Sends an app message `{type:'app', from, data}` to member `to`, or with `to` null to
   * every other member of the room; buffered for absent members like signals. A broadcast
   * answers `delivered` once it went to everyone present.
   */
  relayApp(from: Membership, to: string | null, data: AppData): Promise<RelayOutcome>;
  /** How many members a room has and its mode record. */
  roomState(room: string): Promise<RoomState>;
  /**
   * Compare-and-set of a room's mode record (rules: room-mode-record.ts). On an announce
   * every member of the room, on every node, gets `room-mode`. Null when the set failed.
   */
  changeMode(room: string, change: ModeChange): Promise<ModeRecord | null>;
  /**
   * The connection dropped unexpectedly: hold the slot for the resume grace period. A `lost`
   * drop (the default) beyond the room's or the address's dropped-slot cap ends the oldest
   * dropped slot there. Signals for the member are buffered meanwhile: a newer offer from a
   * sender replaces its older offers and its candidates of other ICE generations; beyond the
   * message and byte caps (per slot, room and address) the oldest signals go first.
   */
  detach(member: Membership, link: MemberLink, cause?: DetachCause): void;
  /** The member left on purpose: the others get `peer-left` now. */
  leave(member: Membership, link: MemberLink): void;
  /** Rooms starting and ending, members joining and leaving (webhooks listen here). */
  readonly events: RoomEvents;
  /**
   * Every live room with its members (away ones included) and path, over all nodes; at
   * most `limit` rooms. For the admin page: names are personal data.
   */
  listRooms(limit: number): Promise<RoomSummary[]>;
  /**
   * An administrator's removal: the same as a host's `remove` (room-controls.ts), from any
   * node and without a host: the others get `peer-left`, its connection `removed`, its resume
   * token answers `removed`. False when there is no such member.
   */
  removeMember(room: string, peerId: string): Promise<boolean>;
  /**
   * An administrator's end of the room: the same as a host's `end-meeting` (everyone, the
   * lobby included, is told `meeting-ended`); resolves with how many members there were.
   */
  endRoom(room: string): Promise<number>;
  /** What a join must know before it is asked: whether the room exists, is locked, its passcode. */
  roomAccess(room: string): Promise<RoomAccess>;
  /**
   * A host's action (room-controls.ts), run only when `actor`, on this `link`, is the room's
   * host at that moment; the checks and the change are one atomic step.
   */
  control(actor: Membership, link: MemberLink, action: ControlAction): Promise<ControlOutcome>;
  /** The waiting connection stops waiting (it closed or left): the host gets `knock-cancelled`. */
  cancelWait(room: string, waitingId: string, link: MemberLink): void;
  /**
   * Wrong passcodes per room and per client address over the last minute (shared by every
   * node): `check` answers whether one more try is allowed, `wrong` counts one.
   */
  passcodeTries(room: string, addressKey: string, op: 'check' | 'wrong'): Promise<boolean>;
  /** Starts background work (connecting to shared state); readiness reports its progress. */
  start?(): void;
  /** Whether new joins can be admitted right now (readiness). */
  isReady(): boolean;
  stats(): HubStats;
  /** Cancels timers and releases resources; pending slots are dropped. */
  close(): Promise<void>;
}
