import type { Duplex } from 'node:stream';
import type { WebSocket, RawData } from 'ws';
import {
  CloseCode,
  ERROR_EFFECTS,
  PROTOCOL_VERSION,
  assertNever,
  decodeClientMessage,
  type ClientMessage,
  type ClientSignalMessage,
  type ErrorCode,
  type HelloMessage,
  type HostMessage,
  type IceServer,
  type JoinMessage,
  type ServerMessage,
  type TelemetryMessage,
} from '../protocol/index.js';
import { admit, enterAdmitted, roomAuth, type Admission, type RoomAuth } from './admission.js';
import { addressBucket } from './client-address.js';
import type {
  DetachCause,
  Delivery,
  JoinRequest,
  MemberLink,
  Membership,
  RelayOutcome,
  SignalPayload,
  SignalingHub,
} from './hub.js';
import { HostActions } from './host-actions.js';
import { IceIssuer } from './ice-issuer.js';
import type { Logger } from './logger.js';
import { rawToString, relayedKind } from './frames.js';
import { MemberServices, type MemberServicesContext } from './member-services.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerOptions } from './options.js';
import { MessageGuard } from './message-guard.js';
import { Outbox } from './outbox.js';
import type { CallQuality } from './quality/call-quality.js';
import { payloadFromClient } from './relay-encoding.js';
import type { EndReason } from './room-controls.js';

/**
 * awaiting-join: connected, no room yet · joining: join/resume in progress · waiting: in the
 * room's lobby (no member, nothing relayed either way) · joined: member of a room ·
 * closed: socket gone (final).
 */
export type SessionState = 'awaiting-join' | 'joining' | 'waiting' | 'joined' | 'closed';

/** What the client is told when the hub ends its place (by the host, or an administrator). */
const END_MESSAGES: Readonly<Record<EndReason, string>> = {
  removed: 'you were removed from the meeting',
  denied: 'the host did not let you in',
  'meeting-ended': 'the meeting was ended for everyone',
};

export interface SessionContext extends MemberServicesContext {
  readonly options: ServerOptions;
  readonly hub: SignalingHub;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  /** Call-quality telemetry of this node's members. */
  readonly quality: CallQuality;
}

/** Close codes a client uses to leave on purpose; anything else keeps its slot for resume. */
const DELIBERATE_CLOSE_CODES = new Set<number>([CloseCode.normal, CloseCode.goingAway]);

/** One WebSocket connection: validates what enters, enforces limits, talks to the hub. */
export class Session implements MemberLink {
  #state: SessionState = 'awaiting-join';
  #member: Membership | null = null;
  /** Messages for this member that arrive while its `welcome` is not yet sent. */
  #pending: Delivery[] = [];
  readonly #guard: MessageGuard;
  readonly #ice: IceIssuer;
  #joinTimer: ReturnType<typeof setTimeout> | null;
  /** Pings sent since the last pong; two unanswered pings mean the socket is dead. */
  #unansweredPings = 0;
  #shuttingDown = false;
  /** Cut for abuse: the slot is given up, nothing more from this socket is read. */
  #cut = false;
  #relayFailureLogged = false;
  readonly #outbox: Outbox;
  readonly #auth: RoomAuth;
  #log: Logger;
  /** App messages and SFU media of the joined member. */
  #services: MemberServices | null = null;
  #host: HostActions | null = null;
  /** In the lobby: the id the connection waits under and the join to complete when admitted. */
  #waiting: { readonly id: string; readonly request: JoinRequest } | null = null;
  #webrtc = true;
  /** A pre-join page said `hello`: its join deadline is `preJoinTimeoutMs` (once). */
  #saidHello = false;
  /** The client's address bucket, for the hub's per-address limits. */
  readonly addressKey: string;

  /** `transport` is the TCP (or TLS) socket under `socket` (see `Outbox`). */
  constructor(
    private readonly socket: WebSocket,
    private readonly context: SessionContext,
    readonly clientIp: string,
    transport: Pick<Duplex, 'cork' | 'uncork'> | null = null,
  ) {
    const { options } = context;
    this.addressKey = addressBucket(clientIp);
    this.#auth = roomAuth(options);
    this.#outbox = new Outbox(socket, transport, options.maxBufferedBytes, () => {
      this.#log.warn(
        { peer: this.#member?.peerId },
        'slow consumer: send buffer full, disconnecting',
      );
    });
    this.#guard = new MessageGuard(options, Date.now());
    this.#ice = new IceIssuer(options, (iceServers) => {
      if (this.#state === 'joined') this.#write({ type: 'ice-servers', iceServers });
    });
    this.#log = context.log;
    this.#joinTimer = this.#startJoinTimer();
    socket.on('message', (data, isBinary) => {
      this.#onFrame(data, isBinary);
    });
    socket.on('pong', () => {
      this.#unansweredPings = 0;
    });
    socket.on('close', (code) => {
      this.#onClose(code);
    });
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Called by the server every heartbeat interval: ping, and cut sockets that stopped answering. */
  heartbeat(): void {
    if (this.#state === 'closed') return;
    if (this.#unansweredPings >= 2) {
      this.#log.info({ peer: this.#member?.peerId }, 'no pong twice: terminating');
      this.socket.terminate();
      return;
    }
    this.#unansweredPings += 1;
    this.socket.ping();
  }

  /** Drain: tell the client, close with 1012, keep its slot so it can resume elsewhere. */
  shutdown(): void {
    // Whatever code the client echoes, this close is ours: the slot stays resumable.
    this.#shuttingDown = true;
    this.#fail('server-shutdown', 'server is restarting; reconnect and resume');
  }

  // MemberLink: the hub delivers here.
  send(message: Delivery): void {
    if (this.#state === 'joining') this.#pending.push(message);
    else this.#deliver(message);
  }

  supersede(): void {
    this.#forgetQuality();
    this.#services?.release();
    this.#services = null;
    this.#member = null;
    this.#setState('closed');
    this.socket.close(CloseCode.normal, 'resumed on another connection');
  }

  expire(): void {
    this.#forgetQuality();
    this.#services?.close();
    this.#services = null;
    this.#member = null;
    this.#waiting = null;
    this.#fail('unavailable', 'your place in the room was lost; join again');
  }

  admit(): void {
    const waiting = this.#waiting;
    if (this.#state !== 'waiting' || waiting === null) return;
    this.#waiting = null;
    this.#setState('joining');
    this.#log.info('admitted from the lobby');
    const { hub, media } = this.context;
    void enterAdmitted(hub, waiting.request, waiting.id, this, media?.capacity())
      .catch((error: unknown): Admission => {
        this.#log.error({ err: error }, 'join after admission failed unexpectedly');
        return { ok: false, code: 'unavailable', message: 'could not join right now; try again' };
      })
      .then((admission) => {
        this.#finishJoin(admission, false);
      });
  }

  end(reason: EndReason): void {
    if (this.#state === 'closed') return;
    this.#forgetQuality();
    this.#services?.close();
    this.#services = null;
    this.#host = null;
    this.#member = null;
    this.#waiting = null;
    this.#ice.cancel();
    this.#log.info({ reason }, 'place ended');
    this.#fail(reason, END_MESSAGES[reason]);
    this.#setState('closed');
  }

  #write(message: ServerMessage | Delivery): void {
    this.#outbox.write(message);
  }

  #deliver(message: Delivery): void {
    this.#services?.observe(message);
    this.#write(message);
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    const receivedAt = performance.now();
    if (!this.#admitFrame()) return;
    if (isBinary) {
      this.#reject('bad-message', 'binary frames are not supported; send JSON text');
      return;
    }
    const text = rawToString(data);
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) {
      this.#reject('bad-message', decoded.reason);
      return;
    }
    this.context.metrics.countReceived(decoded.message.type);
    this.#dispatch(decoded.message, receivedAt, Buffer.isBuffer(data) ? data : null, text);
  }

  #dispatch(message: ClientMessage, receivedAt: number, frame: Buffer | null, text: string): void {
    switch (message.type) {
      case 'join':
        void this.#onJoin(message);
        return;
      case 'hello':
        this.#onHello(message);
        return;
      case 'signal':
        this.#onSignal(message, payloadFromClient(frame, text, message), receivedAt);
        return;
      case 'refresh-ice':
        this.#onRefreshIce();
        return;
      case 'ping':
        this.#write({ type: 'pong' });
        return;
      case 'leave':
        this.#onLeave();
        return;
      case 'app':
        if (this.#services === null) this.#sendError('not-joined', 'join a room first');
        else this.#services.app(message, receivedAt);
        return;
      case 'sfu-publish':
      case 'sfu-answer':
      case 'sfu-candidate':
      case 'sfu-layers':
      case 'sfu-leave':
        if (this.#services === null) this.#sendError('not-joined', 'join a room first');
        else this.#services.sfu(message);
        return;
      case 'telemetry':
        this.#onTelemetry(message);
        return;
      case 'host':
        this.#onHost(message);
        return;
      default:
        assertNever(message);
    }
  }

  /** A pre-join page: it may wait `preJoinTimeoutMs` for its `join` (once per connection). */
  #onHello(message: HelloMessage): void {
    if (this.#state !== 'awaiting-join' || this.#saidHello) {
      this.#sendError('already-joined', 'hello comes once, before join');
      return;
    }
    if (message.v !== PROTOCOL_VERSION) {
      this.#failVersion();
      return;
    }
    this.#saidHello = true;
    this.#clearJoinTimer();
    this.#joinTimer = this.#startJoinTimer(this.context.options.preJoinTimeoutMs);
  }

  async #onJoin(message: JoinMessage): Promise<void> {
    if (this.#state !== 'awaiting-join') {
      this.#sendError('already-joined', 'this connection already joined a room');
      return;
    }
    if (message.v !== PROTOCOL_VERSION) {
      this.#failVersion();
      return;
    }
    this.#setState('joining');
    this.#webrtc = message.webrtc !== false;
    let admission: Admission;
    try {
      const { hub, media } = this.context;
      const context = {
        hub,
        auth: this.#auth,
        addressKey: this.addressKey,
        capacity: media?.capacity(),
      };
      admission = await admit(context, message, this);
    } catch (error) {
      this.#log.error({ err: error }, 'join failed unexpectedly');
      admission = {
        ok: false,
        code: 'unavailable',
        message: 'could not join right now; try again',
      };
    }
    this.#finishJoin(admission, message.resume !== undefined);
  }

  #finishJoin(admission: Admission, resuming: boolean): void {
    const { metrics, hub } = this.context;
    if (this.#state === 'closed') {
      // The socket went away while the hub admitted it: treat like any drop (or, when it
      // was cut for abuse, give the place up).
      if (admission.ok === 'waiting')
        hub.cancelWait(admission.request.room, admission.waitingId, this);
      else if (admission.ok && this.#cut) hub.leave(admission.member, this);
      else if (admission.ok) hub.detach(admission.member, this, this.#detachCause());
      return;
    }
    if (admission.ok === 'waiting') {
      metrics.joins.inc({ outcome: 'waiting' });
      this.#waiting = { id: admission.waitingId, request: admission.request };
      this.#clearJoinTimer();
      this.#setState('waiting');
      this.#log.info({ room: admission.request.room }, 'waiting in the lobby');
      this.#write({ type: 'lobby' });
      return;
    }
    if (!admission.ok) {
      metrics.joins.inc({ outcome: admission.code });
      this.#setState('awaiting-join');
      this.#fail(admission.code, admission.message);
      return;
    }
    metrics.joins.inc({ outcome: resuming ? 'resumed' : 'joined' });
    this.#clearJoinTimer();
    const { member } = admission;
    this.#member = member;
    this.#log = this.context.log.child({ room: member.room, peer: member.peerId });
    this.#log.info({ resumed: resuming, peers: admission.peers.length }, 'joined');
    const { peers } = admission;
    const pinned = admission.mode.pinned || this.context.options.meshOnly;
    const mode = { ...admission.mode, pinned };
    const webrtc = this.#webrtc;
    this.#write({
      type: 'welcome',
      v: PROTOCOL_VERSION,
      self: { id: member.peerId, name: member.name, ...(webrtc ? {} : { webrtc: false }) },
      peers: [...peers],
      iceServers: this.#issueIce(),
      resume: admission.resumeToken,
      mode,
      room: admission.room,
    });
    this.#setState('joined');
    const connection = {
      write: (frame: ServerMessage) => {
        this.#write(frame);
      },
      sendError: (code: ErrorCode, text: string) => {
        this.#sendError(code, text);
      },
      log: this.#log,
    };
    this.#services = new MemberServices(this.context, member, connection, { webrtc, mode, peers });
    this.#host = this.#hostActions(member);
    const pending = this.#pending;
    this.#pending = [];
    for (const queued of pending) this.#deliver(queued);
  }

  #hostActions(member: Membership): HostActions {
    const { hub, media, options } = this.context;
    const context = {
      hub,
      options,
      capacity: () => media?.capacity(),
      modeChanged: (room: string) => {
        media?.roomChanged(room);
      },
    };
    const reply = (code: ErrorCode, text: string): void => {
      this.#sendError(code, text);
    };
    return new HostActions(context, member, this, reply, this.#log);
  }

  #onHost(message: HostMessage): void {
    if (this.#state !== 'joined' || this.#host === null) {
      this.#sendError('not-joined', 'join a room first');
      return;
    }
    this.#host.handle(message).catch((error: unknown) => {
      this.#log.warn({ err: error, action: message.action }, 'host action failed');
    });
  }

  #onSignal(message: ClientSignalMessage, payload: SignalPayload, receivedAt: number): void {
    const member = this.#member;
    if (this.#state !== 'joined' || member === null) {
      this.#sendError('not-joined', 'join a room before sending signals');
      return;
    }
    void this.context.hub.relay(member, message.to, payload).then(
      (settled) => {
        this.#afterRelay(message, settled, receivedAt);
      },
      (error: unknown) => {
        // Once per connection: a failing hub must not turn every signal into a log line.
        if (this.#relayFailureLogged) return;
        this.#relayFailureLogged = true;
        this.#log.warn({ err: error }, 'relay failed');
      },
    );
  }

  #afterRelay(message: ClientSignalMessage, outcome: RelayOutcome, receivedAt: number): void {
    if (outcome === 'dropped') return;
    if (outcome === 'unknown-peer') {
      this.#sendError('unknown-peer', `no peer ${message.to} in this room`);
      return;
    }
    const kind = relayedKind(message);
    this.context.metrics.countRelayed(kind, (performance.now() - receivedAt) / 1000);
    if (this.#log.isLevelEnabled('debug')) this.#log.debug({ to: message.to, kind }, 'relayed');
  }

  #onTelemetry(message: TelemetryMessage): void {
    const member = this.#member;
    if (this.#state !== 'joined' || member === null) {
      this.#sendError('not-joined', 'join a room before reporting call quality');
      return;
    }
    const verdict = this.context.quality.report(member.peerId, message.reports, performance.now());
    if (verdict === 'too-frequent') {
      const seconds = this.context.options.telemetryIntervalMs / 1000;
      this.#sendError('rate-limited', `report call quality at most once per ${String(seconds)} s`);
    }
  }

  /** Nothing of a member's call quality outlives its connection here. */
  #forgetQuality(): void {
    if (this.#member !== null) this.context.quality.forget(this.#member.peerId);
  }

  #onRefreshIce(): void {
    if (this.#state !== 'joined') {
      this.#sendError('not-joined', 'join a room before asking for ICE servers');
      return;
    }
    this.#write({ type: 'ice-servers', iceServers: this.#issueIce() });
  }

  #onLeave(): void {
    const member = this.#member;
    if (this.#state === 'waiting') {
      this.#stopWaiting();
      this.#setState('awaiting-join');
      this.#joinTimer = this.#startJoinTimer();
      return;
    }
    if (this.#state !== 'joined' || member === null) {
      this.#sendError('not-joined', 'not in a room');
      return;
    }
    this.#leaveRoom(member);
    this.#setState('awaiting-join');
    // Back to square one: a connection that is in no room must join again in time.
    this.#clearJoinTimer();
    this.#joinTimer = this.#startJoinTimer();
  }

  /** Out of the lobby: the host is told the knock is over. */
  #stopWaiting(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting !== null) this.context.hub.cancelWait(waiting.request.room, waiting.id, this);
  }

  #leaveRoom(member: Membership): void {
    this.#forgetQuality();
    this.#services?.close();
    this.#services = null;
    this.#host = null;
    this.#member = null;
    this.#ice.cancel();
    this.context.hub.leave(member, this);
    this.#log.info('left');
    this.#log = this.context.log;
  }

  #issueIce(): IceServer[] {
    return this.#member === null ? [] : this.#ice.issue(this.#member.peerId);
  }

  /** Rate limit: false when the frame must be dropped (and the client perhaps told, or cut off). */
  #admitFrame(): boolean {
    const verdict = this.#guard.onFrame(Date.now());
    if (verdict === 'pass') return true;
    this.context.metrics.countError('rate-limited');
    if (verdict === 'abusive') this.#abuse('too many messages');
    else if (verdict === 'notify') {
      this.#write({ type: 'error', code: 'rate-limited', message: 'slow down: message dropped' });
    }
    return false;
  }

  /** A bad message: typed error, connection stays open unless it keeps happening. */
  #reject(code: ErrorCode, message: string): void {
    this.#sendError(code, message);
    if (this.#guard.onInvalid(Date.now())) this.#abuse('too many invalid messages');
  }

  /**
   * Abuse ends the connection at once: the member's place is given up (the others get
   * `peer-left`), a close frame is written and the socket is destroyed without waiting for
   * the client's answer, so nothing it sends after this is read. Logged once.
   */
  #abuse(reason: string): void {
    if (this.#cut || this.#state === 'closed') return;
    this.#cut = true;
    this.#log.warn({ ip: this.clientIp, reason }, 'abusive connection terminated');
    const member = this.#member;
    if (this.#state === 'joined' && member !== null) this.#leaveRoom(member);
    this.#stopWaiting();
    this.#setState('closed');
    this.#clearJoinTimer();
    this.#pending = [];
    this.#closeWith(CloseCode.policyViolation, reason);
    this.socket.terminate();
  }

  #sendError(code: ErrorCode, message: string): void {
    this.context.metrics.countError(code);
    this.#write({ type: 'error', code, message });
  }

  /** Sends the error and, for codes that end the connection, closes it. */
  #fail(code: ErrorCode, message: string): void {
    this.#sendError(code, message);
    const effect = ERROR_EFFECTS[code];
    if (effect.connection !== 'stays-open') this.#closeWith(effect.closeCode, message);
  }

  #closeWith(code: number, reason: string): void {
    // Close reasons are limited to 123 bytes by RFC 6455.
    this.socket.close(code, reason.slice(0, 120));
  }

  #onClose(code: number): void {
    const member = this.#member;
    const wasMember = this.#state === 'joined' && member !== null;
    this.#setState('closed');
    this.#clearJoinTimer();
    this.#ice.cancel();
    this.#pending = [];
    this.#stopWaiting();
    if (!wasMember) return;
    this.#forgetQuality();
    this.#member = null;
    this.#host = null;
    const services = this.#services;
    this.#services = null;
    if (DELIBERATE_CLOSE_CODES.has(code) && !this.#shuttingDown) {
      services?.close();
      this.context.hub.leave(member, this);
      this.#log.info({ code }, 'closed: left');
    } else {
      services?.detach();
      this.context.hub.detach(member, this, this.#detachCause());
      this.#log.info({ code }, 'dropped: slot kept for resume');
    }
  }

  /** A drain is the server's doing; any other drop is the client's (dropped-slot caps). */
  #detachCause(): DetachCause {
    return this.#shuttingDown ? 'server' : 'lost';
  }

  #failVersion(): void {
    this.#fail(
      'version-unsupported',
      `this server speaks confab protocol v${String(PROTOCOL_VERSION)}; reload the page to update`,
    );
  }

  #startJoinTimer(timeoutMs = this.context.options.joinTimeoutMs): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      this.#fail('join-timeout', `no join within ${String(timeoutMs)} ms`);
    }, timeoutMs);
  }

  #setState(next: SessionState): void {
    if (this.#state === next || this.#state === 'closed') return;
    this.#state = next;
  }

  #clearJoinTimer(): void {
    if (this.#joinTimer !== null) clearTimeout(this.#joinTimer);
    this.#joinTimer = null;
  }
}
