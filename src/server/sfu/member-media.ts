import type {
  ClientMessage,
  ErrorCode,
  PeerInfo,
  RoomMode,
  ServerMessage,
} from '../../protocol/index.js';
import type { Delivery, Membership } from '../hub.js';
import type { Logger } from '../logger.js';
import { EpochSession, type SfuTarget } from './epoch-session.js';

/** The SFU messages a member may send. */
export type SfuClientMessage = Extract<
  ClientMessage,
  { type: 'sfu-publish' | 'sfu-answer' | 'sfu-candidate' | 'sfu-layers' | 'sfu-leave' }
>;

/** The member's connection, while it has one. */
export interface MediaSink {
  send(message: ServerMessage): void;
}

/** What a member's media needs from its node's controller. */
export interface MediaHost {
  readonly log: Logger;
  /** Bound of each per-member request queue (publisher, subscriber). */
  readonly maxPending: number;
  /** How long a member whose connection dropped keeps its media for a resume here. */
  readonly resumeGraceMs: number;
  /** The Janus room of a room's SFU epoch, or null when the room is on another epoch now. */
  target(room: string, epoch: number): Promise<SfuTarget | null>;
  /** The room's membership changed as this member saw it: evaluate the policy. */
  roomChanged(room: string): void;
  released(media: MemberMedia): void;
}

/**
 * How long a member's SFU session outlives the room's return to the mesh (its client
 * sends `sfu-leave` once every peer is reached peer to peer; 15 s at most).
 */
export const SFU_DRAIN_MS = 30_000;
/** Server messages kept for a member whose connection dropped (resume on this node). */
const MAX_HELD = 32;

/**
 * A member's media on its node, for as long as it is in the room (across resumes here):
 * follows the room's mode as the member is told it, runs one EpochSession per SFU epoch
 * (and lets the last one drain after a return to mesh), and checks every SFU message
 * against the member's own room and epoch before anything reaches Janus.
 */
export class MemberMedia {
  #sink: MediaSink | null;
  #mode: RoomMode;
  readonly #roster = new Set<string>();
  #current: EpochSession | null = null;
  #draining: EpochSession | null = null;
  #drainTimer: NodeJS.Timeout | null = null;
  #held: ServerMessage[] = [];
  #lostWhileAway = false;
  #awayTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    readonly member: Membership,
    readonly webrtc: boolean,
    private readonly host: MediaHost,
    sink: MediaSink,
    mode: RoomMode,
    peers: readonly PeerInfo[],
  ) {
    this.#sink = sink;
    this.#mode = mode;
    for (const peer of peers) this.#roster.add(peer.id);
    this.#follow(mode);
  }

  get mode(): RoomMode {
    return this.#mode;
  }

  /** The sessions this member holds now (tests, metrics). */
  get sessions(): { current: number | null; draining: number | null } {
    return { current: this.#current?.epoch ?? null, draining: this.#draining?.epoch ?? null };
  }

  /** Every delivery to the member passes here first: room mode and roster follow it. */
  observe(delivery: Delivery): void {
    switch (delivery.type) {
      case 'room-mode':
        this.#follow(delivery.mode);
        return;
      case 'peer-joined':
        this.#roster.add(delivery.peer.id);
        this.host.roomChanged(this.member.room);
        return;
      case 'peer-left':
        this.#roster.delete(delivery.id);
        this.#current?.forgetPeer(delivery.id);
        this.host.roomChanged(this.member.room);
        return;
      default:
        return;
    }
  }

  handle(message: SfuClientMessage): void {
    if (!this.webrtc) {
      this.#error('sfu-failed', 'this member joined without WebRTC: it has no SFU session');
      return;
    }
    if (message.type === 'sfu-publish') {
      this.#publish(message);
      return;
    }
    const session = this.#sessionOf(message.epoch);
    if (session === null) {
      this.#noSession(message.epoch);
      return;
    }
    switch (message.type) {
      case 'sfu-answer':
        this.#accepted(session.answer(message.sdp));
        return;
      case 'sfu-candidate':
        this.#accepted(
          message.pc === 'publisher'
            ? session.publisherCandidate(message.candidate)
            : session.subscriberCandidate(message.candidate),
        );
        return;
      case 'sfu-layers': {
        const stranger = message.choices.find(({ peer }) => !this.#roster.has(peer));
        if (stranger !== undefined) {
          this.#error('unknown-peer', `no peer ${stranger.peer} in this room`);
          return;
        }
        this.#accepted(session.setLayers(message.choices));
        return;
      }
      case 'sfu-leave':
        this.#endSession(session);
        return;
    }
  }

  /**
   * The connection dropped (its slot is kept): hold what is sent meanwhile. Janus keeps
   * forwarding (the browser's media connections do not depend on the WebSocket); without a
   * resume here within the grace period the member's media ends.
   */
  detach(): void {
    this.#sink = null;
    if (this.#awayTimer !== null) clearTimeout(this.#awayTimer);
    this.#awayTimer = setTimeout(() => {
      this.close();
    }, this.host.resumeGraceMs + 1000);
    this.#awayTimer.unref();
  }

  /** A resumed connection on this node takes the member's media over. */
  reattach(sink: MediaSink, mode: RoomMode, peers: readonly PeerInfo[]): void {
    this.#sink = sink;
    if (this.#awayTimer !== null) clearTimeout(this.#awayTimer);
    this.#awayTimer = null;
    this.#roster.clear();
    for (const peer of peers) this.#roster.add(peer.id);
    const held = this.#held;
    this.#held = [];
    if (this.#lostWhileAway) {
      this.#lostWhileAway = false;
      this.#error(
        'sfu-failed',
        'SFU messages were lost while you were away: send sfu-leave, then publish again',
      );
    } else for (const message of held) sink.send(message);
    this.#follow(mode);
  }

  /** The member left (or its slot ended): leave Janus; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink = null;
    this.#current?.close();
    this.#draining?.close();
    this.#current = null;
    this.#draining = null;
    if (this.#drainTimer !== null) clearTimeout(this.#drainTimer);
    if (this.#awayTimer !== null) clearTimeout(this.#awayTimer);
    this.host.released(this);
  }

  #follow(mode: RoomMode): void {
    this.#mode = mode;
    if (this.#closed) return;
    if (mode.path === 'mesh') {
      const current = this.#current;
      this.#current = null;
      if (current !== null) this.#drain(current);
      return;
    }
    if (this.#current?.epoch === mode.epoch) return;
    this.#current?.close();
    this.#current = null;
    if (this.#draining !== null) this.#endSession(this.#draining);
    if (this.webrtc) this.#current = this.#newSession(mode.epoch);
  }

  #publish(message: Extract<SfuClientMessage, { type: 'sfu-publish' }>): void {
    const { mode } = this;
    if (mode.path !== 'sfu' || message.epoch !== mode.epoch) {
      this.#noSession(message.epoch);
      return;
    }
    // After an sfu-leave, publishing again starts a new session (and subscriber).
    this.#current ??= this.#newSession(mode.epoch);
    this.#accepted(this.#current.publish(message));
  }

  #newSession(epoch: number): EpochSession {
    return new EpochSession({
      member: this.member,
      epoch,
      target: this.host.target(this.member.room, epoch),
      send: (message) => {
        this.#send(message);
      },
      log: this.host.log,
      maxPending: this.host.maxPending,
      onGone: (session) => {
        if (this.#current === session) this.#current = null;
        if (this.#draining === session) this.#draining = null;
      },
    });
  }

  #sessionOf(epoch: number): EpochSession | null {
    if (this.#current?.epoch === epoch) return this.#current;
    if (this.#draining?.epoch === epoch) return this.#draining;
    return null;
  }

  #noSession(epoch: number): void {
    const { path, epoch: now } = this.#mode;
    if (epoch !== now) {
      this.#error(
        'stale-epoch',
        `epoch ${String(epoch)} is not this room's SFU epoch (${String(now)})`,
      );
    } else if (path === 'mesh') {
      this.#error('sfu-failed', `this room is on the mesh (epoch ${String(now)}): no SFU session`);
    } else {
      this.#error('sfu-failed', 'no SFU session: publish first');
    }
  }

  #drain(session: EpochSession): void {
    if (this.#draining !== null) this.#endSession(this.#draining);
    this.#draining = session;
    this.#drainTimer = setTimeout(() => {
      this.#drainTimer = null;
      if (this.#draining === session) this.#endSession(session);
    }, SFU_DRAIN_MS);
    this.#drainTimer.unref();
  }

  #endSession(session: EpochSession): void {
    session.close();
    if (this.#current === session) this.#current = null;
    if (this.#draining === session) {
      this.#draining = null;
      if (this.#drainTimer !== null) clearTimeout(this.#drainTimer);
      this.#drainTimer = null;
    }
  }

  #accepted(queued: boolean): void {
    if (!queued) this.#error('sfu-failed', 'too many SFU requests in flight: slow down');
  }

  #error(code: ErrorCode, message: string): void {
    this.#send({ type: 'error', code, message });
  }

  #send(message: ServerMessage): void {
    if (this.#closed) return;
    if (this.#sink !== null) {
      this.#sink.send(message);
      return;
    }
    if (this.#held.length >= MAX_HELD) {
      this.#held = [];
      this.#lostWhileAway = true;
    } else if (!this.#lostWhileAway) this.#held.push(message);
  }
}
