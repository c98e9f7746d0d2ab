import { createHash, randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { PeerInfo, ServerMessage } from '../../protocol/index.js';
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
  ResumeRequest,
  SignalPayload,
  SignalingHub,
} from '../hub.js';
import { newPeerId, newResumeToken } from '../ids.js';
import type { Logger } from '../logger.js';
import { lobbyFull, refusal } from '../refusals.js';
import type { ControlAction, ControlOutcome, RoomAccess } from '../room-controls.js';
import { RoomEvents, type RoomSummary } from '../room-events.js';
import type { PasscodeLimits } from '../try-counter.js';
import { encodeSignal } from '../relay-encoding.js';
import type { ModeChange, ModeRecord, RoomState } from '../room-mode-record.js';
import type { BufferLimits } from '../resume/buffer-budget.js';
import type { DroppedLimits } from '../resume/dropped-slots.js';
import { signalMeta, type BufferedKind } from '../resume/signal-meta.js';
import { RedisConnection } from './connection.js';
import { parseEnvelope, type Envelope } from './envelope.js';
import {
  LocalMember,
  LocalMembers,
  PendingConnection,
  WaitingConnection,
} from './local-members.js';
import { OpGate } from './op-gate.js';
import { emitGone, goneOf, RedisAdmin } from './redis-admin.js';
import { RedisMetrics } from './redis-metrics.js';
import { relayAppThroughRedis, relayThroughRedis, type RelayDeps } from './redis-relay.js';
import { RedisControls } from './redis-controls.js';
import { RedisRoomModes } from './redis-room-modes.js';
import { parseJoin, parseResume, type ResumeReply } from './replies.js';
import { Scripts } from './scripts.js';
import { Upkeep } from './upkeep.js';

export interface RedisHubOptions extends BufferLimits, DroppedLimits, PasscodeLimits {
  readonly redisUrl: string;
  readonly roomCapacity: number;
  readonly lobbyCapacity: number;
  readonly resumeGraceMs: number;
  readonly redisLeaseMs: number;
  /** Prefix of every key and channel, so several deployments can share one Redis. */
  readonly keyPrefix?: string;
}

/** Operations waiting for Redis to come back; beyond this they are dropped. */
const MAX_QUEUED_OPERATIONS = 10_000;

/** How the Lua scripts write a signal's kind in buffered entries (lua.ts). */
const KIND_LETTER: Readonly<Record<BufferedKind, string>> = {
  offer: 'o',
  answer: 'a',
  candidate: 'c',
  other: 'n',
};

/** ARGV[4] of every script: the resume-buffer and dropped-slot limits, in lua.ts's order. */
function resumeLimits(options: RedisHubOptions): string {
  return [
    options.resumeBufferMessages,
    options.resumeBufferBytes,
    options.resumeBufferBytesPerRoom,
    options.resumeBufferBytesPerIp,
    options.maxDroppedPerRoom,
    options.maxDroppedPerIp,
  ].join(',');
}

/**
 * Membership and routing shared by several nodes through Redis. Every state change is
 * one Lua script (lua.ts), run atomically; each node sends its scripts over one
 * connection, so one member's signals keep their order. Deliveries go to the target's
 * node over that node's pub/sub channel, in the order Redis ran the scripts.
 */
export class RedisHub implements SignalingHub {
  readonly nodeId = randomBytes(6).toString('base64url');
  readonly events = new RoomEvents();
  readonly #options: RedisHubOptions;
  readonly #log: Logger;
  readonly #metrics: RedisMetrics;
  readonly #connection: RedisConnection;
  readonly #scripts: Scripts;
  readonly #members = new LocalMembers();
  readonly #gate: OpGate;
  readonly #upkeep: Upkeep;
  readonly #modes: RedisRoomModes;
  readonly #controls: RedisControls;
  readonly #relayDeps: RelayDeps;
  readonly #admin: RedisAdmin;
  #connections = 0;

  constructor(options: RedisHubOptions, log: Logger, registry: Registry) {
    this.#options = options;
    this.#log = log.child({ node: this.nodeId });
    this.#metrics = new RedisMetrics(registry, () => this.isReady());
    const prefix = options.keyPrefix ?? 'confab:';
    this.#gate = new OpGate(MAX_QUEUED_OPERATIONS, options.redisLeaseMs);
    this.#connection = new RedisConnection({
      url: options.redisUrl,
      channel: `${prefix}n:${this.nodeId}`,
      pingIntervalMs: 1000,
      log: this.#log,
      metrics: this.#metrics,
      onMessage: (payload) => {
        this.#onMessage(payload);
      },
      onCommandReady: () => {
        this.#upkeep.resync();
      },
      onSubscriberReady: () => {
        this.#upkeep.announce();
        this.#upkeep.renewSoon();
      },
      onCommandDown: () => {
        this.#gate.hold();
        this.#upkeep.down();
      },
    });
    this.#scripts = new Scripts(this.#connection, () => [
      prefix,
      this.nodeId,
      String(options.resumeGraceMs),
      resumeLimits(options),
      String(options.redisLeaseMs),
      this.#upkeep.epoch,
    ]);
    this.#upkeep = new Upkeep({
      leaseMs: options.redisLeaseMs,
      log: this.#log,
      scripts: this.#scripts,
      members: this.#members,
      gate: this.#gate,
      isHealthy: () => this.#connection.isHealthy(),
      onExpired: (gone) => {
        emitGone(this.events, gone, 'expired');
      },
    });
    this.#admin = new RedisAdmin(this.#scripts, this.#gate);
    this.#modes = new RedisRoomModes(this.#scripts, this.#gate);
    this.#controls = new RedisControls(
      this.#scripts,
      this.#gate,
      this.#members,
      options,
      this.events,
    );
    this.#relayDeps = {
      nodeId: this.nodeId,
      scripts: this.#scripts,
      gate: this.#gate,
      members: this.#members,
      metrics: this.#metrics,
    };
  }

  start(): void {
    this.#log.info({ lease: this.#options.redisLeaseMs }, 'redis hub starting');
    this.#connection.start();
    this.#upkeep.start();
  }

  isReady(): boolean {
    return this.#upkeep.admitting() && this.#connection.isHealthy();
  }

  async join(request: JoinRequest, link: MemberLink): Promise<JoinOutcome> {
    if (!this.isReady()) return refusal('unavailable', this.#options);
    // Admitted from the lobby: the member takes the id it waited under.
    const waiting =
      request.admitted === undefined ? undefined : this.#members.waitingOf(request.admitted, link);
    if (waiting !== undefined) this.#members.remove(waiting.conn);
    const pending = new PendingConnection(this.#newConnectionId(), link);
    const peerId = waiting?.waitingId ?? newPeerId();
    const resumeToken = newResumeToken();
    const tokenHash = hashToken(resumeToken);
    const peer: PeerInfo = {
      id: peerId,
      name: request.name,
      ...(request.webrtc === false ? { webrtc: false as const } : {}),
    };
    const joined: ServerMessage = { type: 'peer-joined', peer };
    const knock: ServerMessage = { type: 'knock', id: peerId, name: request.name };
    const { roomCapacity, lobbyCapacity } = this.#options;
    const capacity = request.capacity ?? { open: roomCapacity, pinned: roomCapacity };
    this.#members.addPending(pending);
    try {
      const reply = parseJoin(
        await this.#scripts.run('join', [
          request.room,
          request.name,
          peerId,
          pending.conn,
          tokenHash,
          String(capacity.open),
          JSON.stringify(joined),
          String(capacity.pinned),
          request.pinMesh === true ? '1' : '0',
          request.webrtc === false ? '0' : '1',
          request.addressKey,
          request.host === true ? '1' : '0',
          request.lobby === true ? '1' : '0',
          request.passcode ?? '',
          request.createPasscode ?? '',
          waiting === undefined ? '0' : '1',
          waiting?.conn ?? '',
          String(lobbyCapacity),
          JSON.stringify(knock),
        ]),
      );
      if (reply.kind !== 'ok') {
        this.#members.remove(pending.conn);
        switch (reply.kind) {
          case 'waiting':
            this.#members.addWaiting(
              new WaitingConnection(pending.conn, link, request.room, peerId),
            );
            pending.releaseVerdicts();
            return { ok: 'waiting', waitingId: peerId };
          case 'unavailable':
            this.#upkeep.checkEpoch(reply.reason);
            return refusal('unavailable', this.#options);
          case 'room-full':
            return refusal('room-full', { roomCapacity: reply.capacity });
          case 'lobby-full':
            return lobbyFull(reply.capacity);
          default:
            return refusal(reply.kind, this.#options);
        }
      }
      const membership = { peerId, room: request.room, name: request.name };
      this.#admit(pending, membership, reply, tokenHash, request.addressKey, []);
      const { peers, mode, room } = reply;
      this.events.joined(request.room, { id: peerId, name: request.name }, peers.length === 0);
      return { ok: true, member: membership, peers, resumeToken, mode, room };
    } catch (error) {
      this.#members.remove(pending.conn);
      this.#log.warn({ err: describe(error) }, 'join failed: redis unavailable');
      return refusal('unavailable', this.#options);
    }
  }

  /** Turns an admitted pending connection into a member; `buffered` goes out after its welcome. */
  #admit(
    pending: PendingConnection,
    membership: Membership,
    reply: { seq: number; peers: readonly PeerInfo[] },
    tokenHash: string,
    addressKey: string,
    buffered: readonly Delivery[],
  ): void {
    const member = new LocalMember(
      pending.conn,
      pending.link,
      membership,
      reply.seq,
      tokenHash,
      addressKey,
      reply.peers,
      pending.held,
    );
    this.#members.attach(member);
    member.release(buffered);
    pending.releaseVerdicts();
  }

  async resume(request: ResumeRequest, link: MemberLink): Promise<JoinOutcome> {
    if (!this.isReady()) return refusal('unavailable', this.#options);
    const pending = new PendingConnection(this.#newConnectionId(), link);
    const resumeToken = newResumeToken();
    const tokenHash = hashToken(resumeToken);
    this.#members.addPending(pending);
    let reply: ResumeReply;
    try {
      reply = parseResume(
        await this.#scripts.run('resume', [
          request.room,
          hashToken(request.token),
          tokenHash,
          pending.conn,
          request.addressKey,
        ]),
      );
    } catch (error) {
      this.#members.remove(pending.conn);
      this.#log.warn({ err: describe(error) }, 'resume failed: redis unavailable');
      return refusal('unavailable', this.#options);
    }
    if (reply.kind !== 'ok') {
      this.#members.remove(pending.conn);
      if (reply.kind === 'unavailable') this.#upkeep.checkEpoch(reply.reason);
      return refusal(reply.kind, this.#options);
    }
    const membership = { peerId: reply.self.id, room: request.room, name: reply.self.name };
    this.#admit(pending, membership, reply, tokenHash, request.addressKey, reply.buffered);
    const { peers, mode, room } = reply;
    return { ok: true, member: membership, peers, resumeToken, mode, room };
  }

  relay(from: Membership, to: string, payload: SignalPayload): Promise<RelayOutcome> {
    // The frame the target's client receives, SDP bytes as the sender wrote them, and what
    // its resume buffer needs should the target be away.
    const frame = encodeSignal(from.peerId, payload);
    const meta = signalMeta(payload.data);
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    const buffering = [KIND_LETTER[meta.kind], meta.generation ?? '-', String(bytes)];
    return relayThroughRedis(this.#relayDeps, 'relay', from, to, frame, buffering);
  }

  relayApp(from: Membership, to: string | null, data: AppData): Promise<RelayOutcome> {
    return relayAppThroughRedis(this.#relayDeps, from, to, data);
  }

  roomState(room: string): Promise<RoomState> {
    return this.#modes.roomState(room);
  }

  changeMode(room: string, change: ModeChange): Promise<ModeRecord | null> {
    return this.#modes.changeMode(room, change);
  }

  detach(member: Membership, link: MemberLink, cause: DetachCause = 'lost'): void {
    this.#endLocally(member, link, 'detach', [cause]);
  }

  leave(member: Membership, link: MemberLink): void {
    this.#endLocally(member, link, 'leave', []);
  }

  roomAccess(room: string): Promise<RoomAccess> {
    return this.#controls.roomAccess(room);
  }

  control(actor: Membership, link: MemberLink, action: ControlAction): Promise<ControlOutcome> {
    return this.#controls.control(actor, link, action);
  }

  cancelWait(_room: string, waitingId: string, link: MemberLink): void {
    this.#controls.cancelWait(waitingId, link).catch((error: unknown) => {
      this.#log.info({ err: describe(error) }, 'cancel-wait not recorded');
    });
  }

  passcodeTries(room: string, addressKey: string, op: 'check' | 'wrong'): Promise<boolean> {
    return this.#controls.passcodeTries(room, addressKey, op);
  }

  listRooms(limit: number): Promise<RoomSummary[]> {
    return this.#admin.listRooms(limit);
  }

  removeMember(room: string, peerId: string): Promise<boolean> {
    return this.#controls.removeMember(room, peerId);
  }

  endRoom(room: string): Promise<number> {
    return this.#controls.endRoom(room);
  }

  stats(): HubStats {
    return { rooms: this.#members.rooms().size, members: this.#members.size };
  }

  async close(): Promise<void> {
    this.#upkeep.stop();
    await this.#gate.shut(2000);
    await this.#connection.close();
    this.#log.info('redis hub closed');
  }

  /**
   * The connection went away: forget it here at once, tell Redis in order. Should Redis be
   * unreachable for too long, the member's lease lapses and the others are told anyway.
   */
  #endLocally(
    member: Membership,
    link: MemberLink,
    script: 'detach' | 'leave',
    extra: readonly string[],
  ): void {
    const local = this.#members.owned(member.peerId, link);
    if (local === undefined) return;
    this.#members.remove(local.conn);
    this.#gate
      .run(() => this.#scripts.run(script, [member.peerId, local.conn, ...extra]))
      .then((reply) => {
        emitGone(this.events, goneOf(reply), script === 'leave' ? 'left' : 'expired');
      })
      .catch((error: unknown) => {
        this.#log.info({ err: describe(error), peer: member.peerId }, `${script} not recorded`);
      });
  }

  #onMessage(payload: string): void {
    const envelope = parseEnvelope(payload);
    if (envelope === null) {
      this.#log.warn('ignoring an invalid message on this node’s channel');
      return;
    }
    if (envelope.origin !== this.nodeId) this.#metrics.crossNode.inc({ direction: 'received' });
    const target = this.#members.byConn(envelope.conn);
    if (envelope.kind === 'admit' || envelope.kind === 'end') {
      this.#onVerdict(envelope, target);
      return;
    }
    if (envelope.kind === 'supersede') {
      if (target === undefined) return;
      this.#members.remove(envelope.conn);
      target.link.supersede();
      return;
    }
    // A connection that is already gone here missed it, as a closing socket would have.
    target?.deliver(envelope.message);
  }

  /**
   * The host admitted a waiting connection, or a connection's place ended. One whose join
   * script is still in flight gets it once the join's reply is through.
   */
  #onVerdict(
    envelope: Extract<Envelope, { kind: 'admit' | 'end' }>,
    target: ReturnType<LocalMembers['byConn']>,
  ): void {
    if (target instanceof PendingConnection) {
      target.verdicts.push(() => {
        this.#onVerdict(envelope, this.#members.byConn(envelope.conn));
      });
      return;
    }
    if (target === undefined) return;
    if (envelope.kind === 'admit') {
      if (target instanceof WaitingConnection) target.link.admit();
      return;
    }
    this.#members.remove(envelope.conn);
    target.link.end(envelope.reason);
  }

  #newConnectionId(): string {
    return `${this.nodeId}.${(++this.#connections).toString(36)}`;
  }
}

/** Resume tokens are bearer secrets: Redis only ever sees their hash. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
