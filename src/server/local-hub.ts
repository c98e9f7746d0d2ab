import type {
  AppData,
  DetachCause,
  HubStats,
  JoinOutcome,
  JoinRequest,
  MemberLink,
  Membership,
  RelayOutcome,
  ResumeRequest,
  SignalPayload,
  SignalingHub,
} from './hub.js';
import { newPeerId, newResumeToken } from './ids.js';
import { HubRoom, type RoomOps, type Slot } from './local-hub-room.js';
import { lobbyFull, refusal } from './refusals.js';
import type { ControlAction, ControlOutcome, RoomAccess } from './room-controls.js';
import { RoomEvents, type LeaveReason, type RoomSummary } from './room-events.js';
import { BufferBudget, type BufferLimits } from './resume/buffer-budget.js';
import { DroppedSlots, type DroppedLimits } from './resume/dropped-slots.js';
import { ResumeBuffer, type BufferedDelivery } from './resume/resume-buffer.js';
import { Tombstones } from './resume/tombstones.js';
import {
  applyModeChange,
  applyPin,
  capacityFor,
  INITIAL_MODE_RECORD,
  type ModeChange,
  type ModeRecord,
  type RoomState,
} from './room-mode-record.js';
import { PasscodeTries, type PasscodeLimits } from './try-counter.js';

export interface LocalHubOptions extends BufferLimits, DroppedLimits, PasscodeLimits {
  readonly roomCapacity: number;
  readonly resumeGraceMs: number;
  /** People who may wait in one room's lobby at a time. */
  readonly lobbyCapacity: number;
}

/** Membership and routing for a single process, all in memory. */
export class LocalHub implements SignalingHub {
  readonly nodeId = 'local';
  readonly events = new RoomEvents();
  readonly #rooms = new Map<string, HubRoom>();
  readonly #slotsByToken = new Map<string, Slot>();
  readonly #options: LocalHubOptions;
  readonly #buffers: BufferBudget<Slot>;
  readonly #dropped: DroppedSlots<Slot>;
  readonly #tombstones: Tombstones;
  readonly #tries: PasscodeTries;
  readonly #ops: RoomOps = {
    remove: (slot) => {
      slot.link?.end('removed');
      this.#tombstones.add(slot.resumeToken, 'removed');
      this.#remove(slot, 'removed');
    },
    endMeeting: (room) => {
      this.#endMeeting(room);
    },
  };

  constructor(options: LocalHubOptions) {
    this.#options = options;
    this.#buffers = new BufferBudget(options);
    this.#dropped = new DroppedSlots(options);
    this.#tombstones = new Tombstones(options.resumeGraceMs);
    this.#tries = new PasscodeTries(options);
  }

  join(request: JoinRequest, link: MemberLink): Promise<JoinOutcome> {
    return Promise.resolve(this.#join(request, link));
  }

  #join(request: JoinRequest, link: MemberLink): JoinOutcome {
    const existing = this.#rooms.get(request.room);
    const room = existing ?? new HubRoom(request.room, request);
    const { controls } = room;
    const ticket = request.admitted;
    const wasAdmitted = ticket !== undefined && controls.takeAdmitted(ticket, link);
    const privileged = wasAdmitted || request.host === true;
    // A join that opens the room set its controls: nothing to pass.
    const barred =
      privileged || existing === undefined ? null : room.barred(request, this.#options);
    const { roomCapacity, lobbyCapacity } = this.#options;
    const capacity = request.capacity ?? { open: roomCapacity, pinned: roomCapacity };
    const limit = capacityFor(room.record, request.pinMesh === true, capacity);
    const refused =
      barred ?? (room.slots.size >= limit ? refusal('room-full', { roomCapacity: limit }) : null);
    if (refused !== null) {
      if (existing !== undefined && room.empty) this.#rooms.delete(room.id);
      return refused;
    }
    this.#rooms.set(room.id, room);
    if (!privileged && controls.state.lobby) {
      if (controls.waitingCount >= lobbyCapacity) {
        if (room.empty) this.#rooms.delete(room.id);
        return lobbyFull(lobbyCapacity);
      }
      return { ok: 'waiting', waitingId: controls.knock(request.name, link, room.hostLink()) };
    }
    const peers = room.peers();
    const slot: Slot = {
      info: {
        id: wasAdmitted ? ticket : newPeerId(),
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
    room.broadcast(slot.info.id, { type: 'peer-joined', peer: slot.info });
    if (request.host === true || controls.state.host === null)
      room.setHost(slot.info.id, slot.info.id);
    if (request.pinMesh === true) room.apply(applyPin(room.record), slot.info.id);
    this.events.joined(room.id, slot.info, peers.length === 0);
    return room.admitted(slot, peers);
  }

  resume(request: ResumeRequest, link: MemberLink): Promise<JoinOutcome> {
    const ended = this.#tombstones.reasonFor(request.token);
    if (ended !== null) return Promise.resolve(refusal(ended, this.#options));
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
    const peers = slot.room.peers(slot);
    // The link holds these until its welcome has gone out.
    for (const message of buffered) link.send(message);
    return Promise.resolve(slot.room.admitted(slot, peers));
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
    found.apply(applied, '');
    return Promise.resolve(applied.record);
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
    const live = [...this.#rooms.values()].filter((room) => room.slots.size > 0);
    return Promise.resolve(live.slice(0, limit).map((room) => room.summary(this.nodeId)));
  }

  /** The host's removal (`RoomOps.remove`), without a host. */
  removeMember(room: string, peerId: string): Promise<boolean> {
    const slot = this.#rooms.get(room)?.slots.get(peerId);
    if (slot !== undefined) this.#ops.remove(slot);
    return Promise.resolve(slot !== undefined);
  }

  /** The host's end of the meeting (`RoomOps.endMeeting`), without a host. */
  endRoom(room: string): Promise<number> {
    const found = this.#rooms.get(room);
    if (found === undefined) return Promise.resolve(0);
    const members = found.slots.size;
    this.#endMeeting(found);
    return Promise.resolve(members);
  }

  roomAccess(room: string): Promise<RoomAccess> {
    const state = this.#rooms.get(room)?.controls.state;
    return Promise.resolve({
      exists: state !== undefined,
      locked: state?.locked ?? false,
      passcode: state?.passcode ?? null,
    });
  }

  control(actor: Membership, link: MemberLink, action: ControlAction): Promise<ControlOutcome> {
    const slot = this.#currentSlot(actor, link);
    if (slot?.room.controls.state.host !== actor.peerId) return Promise.resolve('forbidden');
    return Promise.resolve(slot.room.control(actor.peerId, link, action, this.#ops));
  }

  cancelWait(room: string, waitingId: string, link: MemberLink): void {
    const found = this.#rooms.get(room);
    if (found === undefined) return;
    found.controls.cancel(waitingId, link, found.hostLink());
    if (found.empty) this.#rooms.delete(found.id);
  }

  passcodeTries(room: string, addressKey: string, op: 'check' | 'wrong'): Promise<boolean> {
    return Promise.resolve(this.#tries.take(room, addressKey, op));
  }

  isReady(): boolean {
    return true;
  }

  stats(): HubStats {
    let members = 0;
    for (const room of this.#rooms.values()) members += room.slots.size;
    const rooms = [...this.#rooms.values()].filter((room) => room.slots.size > 0).length;
    return { rooms, members, bufferedBytes: this.#buffers.totalBytes };
  }

  close(): Promise<void> {
    for (const room of this.#rooms.values()) {
      for (const slot of room.slots.values()) {
        if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
      }
    }
    this.#rooms.clear();
    this.#slotsByToken.clear();
    this.#tombstones.clear();
    return Promise.resolve();
  }

  /** The member's slot, only if `link` still owns it (a superseded link must not detach it). */
  #currentSlot(member: Membership, link: MemberLink): Slot | undefined {
    const slot = this.#rooms.get(member.room)?.slots.get(member.peerId);
    return slot?.link === link ? slot : undefined;
  }

  #forget(slot: Slot): void {
    if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
    this.#dropped.delete(slot);
    this.#buffers.release(slot);
    this.#slotsByToken.delete(slot.resumeToken);
  }

  #remove(slot: Slot, reason: LeaveReason): void {
    const { room } = slot;
    if (room.slots.get(slot.info.id) !== slot) return;
    this.#forget(slot);
    room.slots.delete(slot.info.id);
    room.broadcast(slot.info.id, { type: 'peer-left', id: slot.info.id });
    this.events.left(room.id, slot.info, reason, room.slots.size === 0);
    if (room.slots.size > 0) {
      room.hostLeft(slot.info.id);
      return;
    }
    // The last member is gone: the meeting is over, also for anyone still waiting.
    if (this.#rooms.get(room.id) === room) this.#rooms.delete(room.id);
    room.controls.endWaiting('meeting-ended');
  }

  /** Everyone is told `meeting-ended` and let go; the room and its controls are gone. */
  #endMeeting(room: HubRoom): void {
    this.#rooms.delete(room.id);
    const slots = [...room.slots.values()];
    room.slots.clear();
    for (const [index, slot] of slots.entries()) {
      this.#forget(slot);
      this.#tombstones.add(slot.resumeToken, 'meeting-ended');
      slot.link?.end('meeting-ended');
      this.events.left(room.id, slot.info, 'meeting-ended', index === slots.length - 1);
    }
    room.controls.endWaiting('meeting-ended');
  }
}
