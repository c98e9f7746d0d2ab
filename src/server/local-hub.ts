import type { PeerInfo } from '../protocol/index.js';
import type {
  AppData,
  DetachCause,
  Delivery,
  HubStats,
  JoinOutcome,
  JoinRequest,
  MemberLink,
  Membership,
  RelayOutcome,
  RemovalReason,
  ResumeRequest,
  SignalPayload,
  SignalingHub,
} from './hub.js';
import { newPeerId, newResumeToken } from './ids.js';
import { refusal } from './refusals.js';
import { RoomEvents, type LeaveReason, type RoomSummary } from './room-events.js';
import { BufferBudget, type BufferLimits } from './resume/buffer-budget.js';
import { DroppedSlots, type DroppedLimits } from './resume/dropped-slots.js';
import { ResumeBuffer, type BufferedDelivery } from './resume/resume-buffer.js';
import {
  applyModeChange,
  applyPin,
  capacityFor,
  INITIAL_MODE_RECORD,
  type AppliedChange,
  type ModeChange,
  type ModeRecord,
  type RoomState,
} from './room-mode-record.js';

export interface LocalHubOptions extends BufferLimits, DroppedLimits {
  readonly roomCapacity: number;
  readonly resumeGraceMs: number;
}

interface Slot {
  readonly info: PeerInfo;
  readonly room: Room;
  resumeToken: string;
  /** The client's address bucket (changes when it resumes from elsewhere). */
  addressKey: string;
  /** The live connection, or null while the member is away (resume grace). */
  link: MemberLink | null;
  /** Signals and app messages for the member while it is away, delivered after it resumes. */
  readonly buffer: ResumeBuffer;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

interface Room {
  readonly id: string;
  /** Insertion order is join order: `welcome.peers` lists the oldest first. */
  readonly slots: Map<string, Slot>;
  record: ModeRecord;
}

/** Membership and routing for a single process, all in memory. */
export class LocalHub implements SignalingHub {
  readonly nodeId = 'local';
  readonly events = new RoomEvents();
  readonly #rooms = new Map<string, Room>();
  readonly #slotsByToken = new Map<string, Slot>();
  readonly #options: LocalHubOptions;
  readonly #buffers: BufferBudget<Slot>;
  readonly #dropped: DroppedSlots<Slot>;

  constructor(options: LocalHubOptions) {
    this.#options = options;
    this.#buffers = new BufferBudget(options);
    this.#dropped = new DroppedSlots(options);
  }

  join(request: JoinRequest, link: MemberLink): Promise<JoinOutcome> {
    const room = this.#rooms.get(request.room) ?? this.#createRoom(request.room);
    const { roomCapacity } = this.#options;
    const capacity = request.capacity ?? { open: roomCapacity, pinned: roomCapacity };
    const limit = capacityFor(room.record, request.pinMesh === true, capacity);
    if (room.slots.size >= limit) {
      if (room.slots.size === 0) this.#rooms.delete(room.id);
      return Promise.resolve(refusal('room-full', { roomCapacity: limit }));
    }
    const peers = [...room.slots.values()].map((slot) => slot.info);
    const slot: Slot = {
      info: {
        id: newPeerId(),
        name: request.name,
        ...(request.webrtc === false ? { webrtc: false as const } : {}),
      },
      room,
      resumeToken: newResumeToken(),
      addressKey: request.addressKey,
      link,
      buffer: new ResumeBuffer(),
      graceTimer: null,
    };
    room.slots.set(slot.info.id, slot);
    this.#slotsByToken.set(slot.resumeToken, slot);
    this.#broadcast(room, slot.info.id, { type: 'peer-joined', peer: slot.info });
    if (request.pinMesh === true) this.#apply(room, applyPin(room.record), slot.info.id);
    this.events.joined(room.id, slot.info, peers.length === 0);
    return Promise.resolve(admitted(slot, peers));
  }

  resume(request: ResumeRequest, link: MemberLink): Promise<JoinOutcome> {
    const slot = this.#slotsByToken.get(request.token);
    if (slot?.room.id !== request.room) {
      return Promise.resolve(refusal('resume-failed', this.#options));
    }
    this.#slotsByToken.delete(slot.resumeToken);
    slot.resumeToken = newResumeToken();
    this.#slotsByToken.set(slot.resumeToken, slot);
    if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
    this.#dropped.delete(slot);
    const buffered = this.#buffers.release(slot);
    slot.addressKey = request.addressKey;
    const previous = slot.link;
    slot.link = link;
    previous?.supersede();
    const peers = [...slot.room.slots.values()].filter((s) => s !== slot).map((s) => s.info);
    // The link holds these until its welcome has gone out.
    for (const message of buffered) link.send(message);
    return Promise.resolve(admitted(slot, peers));
  }

  relay(from: Membership, to: string, payload: SignalPayload): Promise<RelayOutcome> {
    return Promise.resolve(this.#route(from, to, { type: 'relayed', from: from.peerId, payload }));
  }

  /** Delivers a signal or app message to `to`, or buffers it while `to` is away. */
  #route(from: Membership, to: string, message: BufferedDelivery): RelayOutcome {
    const target = this.#rooms.get(from.room)?.slots.get(to);
    if (target === undefined || to === from.peerId) return 'unknown-peer';
    if (target.link !== null) {
      target.link.send(message);
      return 'delivered';
    }
    this.#buffers.buffer(target, message);
    return 'buffered';
  }

  relayApp(from: Membership, to: string | null, data: AppData): Promise<RelayOutcome> {
    const room = this.#rooms.get(from.room);
    const sender = room?.slots.get(from.peerId);
    if (room === undefined || sender === undefined) return Promise.resolve('dropped');
    const message: BufferedDelivery = { type: 'app', from: from.peerId, data };
    if (to !== null) return Promise.resolve(this.#route(from, to, message));
    for (const id of [...room.slots.keys()]) if (id !== from.peerId) this.#route(from, id, message);
    return Promise.resolve('delivered');
  }

  roomState(room: string): Promise<RoomState> {
    const found = this.#rooms.get(room);
    return Promise.resolve({
      members: found?.slots.size ?? 0,
      record: found?.record ?? INITIAL_MODE_RECORD,
      now: Date.now(),
    });
  }

  changeMode(room: string, change: ModeChange): Promise<ModeRecord | null> {
    const found = this.#rooms.get(room);
    if (found === undefined) return Promise.resolve(null);
    const applied = applyModeChange(found.record, change, this.nodeId, Date.now());
    if (applied === null) return Promise.resolve(null);
    this.#apply(found, applied, '');
    return Promise.resolve(applied.record);
  }

  /** Stores a changed record; an announced one goes to every attached member but `exceptId`. */
  #apply(room: Room, applied: AppliedChange, exceptId: string): void {
    room.record = applied.record;
    if (applied.announce === null) return;
    const { mode } = applied.record;
    this.#broadcast(room, exceptId, { type: 'room-mode', mode, reason: applied.announce });
  }

  detach(member: Membership, link: MemberLink, cause: DetachCause = 'lost'): void {
    const slot = this.#currentSlot(member, link);
    if (slot === undefined) return;
    slot.link = null;
    if (this.#options.resumeGraceMs === 0) {
      this.#remove(slot, 'expired');
      return;
    }
    slot.graceTimer = setTimeout(() => {
      this.#remove(slot, 'expired');
    }, this.#options.resumeGraceMs);
    if (cause === 'lost')
      for (const oldest of this.#dropped.add(slot)) this.#remove(oldest, 'expired');
  }

  leave(member: Membership, link: MemberLink): void {
    const slot = this.#currentSlot(member, link);
    if (slot !== undefined) this.#remove(slot, 'left');
  }

  listRooms(limit: number): Promise<RoomSummary[]> {
    return Promise.resolve(
      [...this.#rooms.values()].slice(0, limit).map((room) => ({
        room: room.id,
        path: room.record.mode.path,
        members: [...room.slots.values()].map((slot) => ({
          id: slot.info.id,
          name: slot.info.name,
          attached: slot.link !== null,
          node: slot.link === null ? '' : this.nodeId,
        })),
      })),
    );
  }

  removeMember(room: string, peerId: string): Promise<boolean> {
    const slot = this.#rooms.get(room)?.slots.get(peerId);
    if (slot === undefined) return Promise.resolve(false);
    this.#end(slot, 'removed');
    return Promise.resolve(true);
  }

  endRoom(room: string): Promise<number> {
    const slots = [...(this.#rooms.get(room)?.slots.values() ?? [])];
    for (const slot of slots) this.#end(slot, 'room-ended');
    return Promise.resolve(slots.length);
  }

  /** Ends a slot on purpose; its connection, if any, is told why and closes. */
  #end(slot: Slot, reason: RemovalReason): void {
    const link = slot.link;
    this.#remove(slot, reason);
    link?.remove(reason);
  }

  isReady(): boolean {
    return true;
  }

  stats(): HubStats {
    let members = 0;
    for (const room of this.#rooms.values()) members += room.slots.size;
    return { rooms: this.#rooms.size, members, bufferedBytes: this.#buffers.totalBytes };
  }

  close(): Promise<void> {
    for (const room of this.#rooms.values()) {
      for (const slot of room.slots.values()) {
        if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
      }
    }
    this.#rooms.clear();
    this.#slotsByToken.clear();
    return Promise.resolve();
  }

  #createRoom(id: string): Room {
    const room: Room = { id, slots: new Map(), record: INITIAL_MODE_RECORD };
    this.#rooms.set(id, room);
    return room;
  }

  /** The member's slot, only if `link` still owns it (a superseded link must not detach it). */
  #currentSlot(member: Membership, link: MemberLink): Slot | undefined {
    const slot = this.#rooms.get(member.room)?.slots.get(member.peerId);
    return slot?.link === link ? slot : undefined;
  }

  #remove(slot: Slot, reason: LeaveReason): void {
    if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
    const { room } = slot;
    if (room.slots.get(slot.info.id) !== slot) return;
    this.#dropped.delete(slot);
    this.#buffers.release(slot);
    room.slots.delete(slot.info.id);
    this.#slotsByToken.delete(slot.resumeToken);
    if (room.slots.size === 0) this.#rooms.delete(room.id);
    this.#broadcast(room, slot.info.id, { type: 'peer-left', id: slot.info.id });
    this.events.left(room.id, slot.info, reason, room.slots.size === 0);
  }

  /** Sends to every attached member except `exceptId`; absent members learn from `welcome`. */
  #broadcast(room: Room, exceptId: string, message: Delivery): void {
    for (const [id, slot] of room.slots) {
      if (id !== exceptId) slot.link?.send(message);
    }
  }
}

function admitted(slot: Slot, peers: PeerInfo[]): JoinOutcome {
  return {
    ok: true,
    member: { peerId: slot.info.id, room: slot.room.id, name: slot.info.name },
    peers,
    resumeToken: slot.resumeToken,
    mode: slot.room.record.mode,
  };
}
