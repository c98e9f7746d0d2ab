import type { PeerInfo } from '../protocol/index.js';
import type { Delivery, JoinOutcome, JoinRequest, MemberLink } from './hub.js';
import { LocalControls } from './local-controls.js';
import { refusal, type Refused, type RefusalContext } from './refusals.js';
import type { RoomSummary } from './room-events.js';
import type { ControlAction, ControlOutcome } from './room-controls.js';
import type { ResumeBuffer } from './resume/resume-buffer.js';
import {
  applyPinned,
  capacityFor,
  INITIAL_MODE_RECORD,
  type AppliedChange,
  type ModeRecord,
} from './room-mode-record.js';

/** A member's place in a LocalHub room. */
export interface Slot {
  readonly info: PeerInfo;
  readonly room: HubRoom;
  resumeToken: string;
  /** The client's address bucket (changes when it resumes from elsewhere). */
  addressKey: string;
  /** The live connection, or null while the member is away (resume grace). */
  link: MemberLink | null;
  /** Signals and app messages for the member while it is away, delivered after it resumes. */
  readonly buffer: ResumeBuffer;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

/** What only the hub can do for a room's controls: slots and tokens are its to end. */
export interface RoomOps {
  /** Ends the slot at once as removed (its token answers `removed`), others get `peer-left`. */
  remove(slot: Slot): void;
  /** Ends the meeting for everyone. */
  endMeeting(room: HubRoom): void;
}

/**
 * One LocalHub room: its members in join order, mode record and controls (host, lobby, lock,
 * passcode: room-controls.ts), and how its members are told about changes.
 */
export class HubRoom {
  /** Insertion order is join order: `welcome.peers` lists the oldest first. */
  readonly slots = new Map<string, Slot>();
  record: ModeRecord = INITIAL_MODE_RECORD;
  readonly controls: LocalControls;

  /** A room opened by `request`: its lobby claim and passcode set its controls. */
  constructor(
    readonly id: string,
    request: JoinRequest,
  ) {
    this.controls = new LocalControls(request.lobby === true, request.createPasscode ?? null);
  }

  /** Neither members nor anyone waiting: the room is gone. */
  get empty(): boolean {
    return this.slots.size === 0 && this.controls.waitingCount === 0;
  }

  peers(except: Slot | null = null): PeerInfo[] {
    return [...this.slots.values()].filter((slot) => slot !== except).map((slot) => slot.info);
  }

  /** A join without the host claim or an admission: the lock, then the passcode. */
  barred(request: JoinRequest, context: RefusalContext): Refused | null {
    const { locked, passcode } = this.controls.state;
    if (locked) return refusal('locked', context);
    if (passcode === null || request.passcode === passcode) return null;
    const code = request.passcode === undefined ? 'passcode-required' : 'passcode-wrong';
    return refusal(code, context);
  }

  hostLink(): MemberLink | null {
    const { host } = this.controls.state;
    return host === null ? null : (this.slots.get(host)?.link ?? null);
  }

  /** Makes `id` the host; everyone attached but `exceptId` (told by its welcome) learns it. */
  setHost(id: string | null, exceptId: string): void {
    if (this.controls.state.host === id) return;
    this.controls.state = { ...this.controls.state, host: id };
    this.tellControls(exceptId);
  }

  /** The host's slot ended: the oldest remaining member is host. */
  hostLeft(id: string): void {
    if (this.controls.state.host !== id) return;
    const [oldest] = this.slots.keys();
    this.setHost(oldest ?? null, '');
  }

  tellControls(exceptId: string): void {
    for (const [id, slot] of this.slots)
      if (id !== exceptId) slot.link?.send({ type: 'room-state', room: this.controls.view(id) });
  }

  /** Sends to every attached member except `exceptId`; absent members learn from `welcome`. */
  broadcast(exceptId: string, message: Delivery): void {
    for (const [id, slot] of this.slots) if (id !== exceptId) slot.link?.send(message);
  }

  /** Stores a changed record; an announced one goes to every attached member but `exceptId`. */
  apply(applied: AppliedChange, exceptId: string): void {
    this.record = applied.record;
    if (applied.announce === null) return;
    const { mode } = applied.record;
    this.broadcast(exceptId, { type: 'room-mode', mode, reason: applied.announce });
  }

  /** The room as the admin page lists it; members on a link are on `nodeId`. */
  summary(nodeId: string): RoomSummary {
    const members = [...this.slots.values()].map((slot) => ({
      id: slot.info.id,
      name: slot.info.name,
      attached: slot.link !== null,
      node: slot.link === null ? '' : nodeId,
    }));
    return { room: this.id, path: this.record.mode.path, members };
  }

  admitted(slot: Slot, peers: PeerInfo[]): JoinOutcome {
    return {
      ok: true,
      member: { peerId: slot.info.id, room: this.id, name: slot.info.name },
      peers,
      resumeToken: slot.resumeToken,
      mode: this.record.mode,
      room: this.controls.view(slot.info.id),
    };
  }

  /** A host's action; `actor` is this room's host on its current link (the hub checked). */
  control(
    actor: string,
    hostLink: MemberLink,
    action: ControlAction,
    ops: RoomOps,
  ): ControlOutcome {
    const { controls } = this;
    switch (action.action) {
      case 'admit': {
        const limit = capacityFor(this.record, false, action.capacity);
        if (this.slots.size + controls.admittedCount >= limit) return 'room-full';
        return controls.admit(action.id, hostLink) ? 'done' : 'unknown-peer';
      }
      case 'deny':
        return controls.deny(action.id, hostLink) ? 'done' : 'unknown-peer';
      case 'set-lobby':
        controls.state = { ...controls.state, lobby: action.on };
        if (!action.on) for (const id of controls.waitingIds()) controls.admit(id, hostLink);
        break;
      case 'set-lock':
        controls.state = { ...controls.state, locked: action.locked };
        break;
      case 'set-passcode':
        controls.state = { ...controls.state, passcode: action.stored };
        break;
      case 'remove':
      case 'mute-request':
      case 'transfer-host':
        return this.#onMember(actor, action.action, this.slots.get(action.id), ops);
      case 'end-meeting':
        ops.endMeeting(this);
        return 'done';
      case 'set-mode':
        if (action.pinned && this.slots.size > action.meshCapacity) return 'too-big';
        this.apply(applyPinned(this.record, action.pinned), '');
        return 'done';
    }
    this.tellControls('');
    return 'done';
  }

  /** remove, mute-request and transfer-host: aimed at another member of the room. */
  #onMember(
    actor: string,
    action: 'remove' | 'mute-request' | 'transfer-host',
    target: Slot | undefined,
    ops: RoomOps,
  ): ControlOutcome {
    if (target === undefined) return 'unknown-peer';
    if (target.info.id === actor) return action === 'transfer-host' ? 'done' : 'forbidden';
    switch (action) {
      case 'remove':
        ops.remove(target);
        return 'done';
      case 'mute-request':
        target.link?.send({ type: 'mute-requested', by: actor });
        return 'done';
      case 'transfer-host':
        this.setHost(target.info.id, '');
        return 'done';
    }
  }
}
