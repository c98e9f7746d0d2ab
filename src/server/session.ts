import type { Duplex } from 'node:stream';
import type { WebSocket, RawData } from 'ws';
import {
  CloseCode,
  FATAL_ERROR_CODES,
  PROTOCOL_VERSION,
  assertNever,
  decodeClientMessage,
  type ClientMessage,
  type ClientSignalMessage,
  type ErrorCode,
  type IceServer,
  type JoinMessage,
  type ServerMessage,
} from '../protocol/index.js';
import { verifyRoomToken } from './auth.js';
import type { JoinOutcome, MemberLink, Membership, SignalingHub } from './hub.js';
import { issueIceServers, refreshDelayMs } from './ice-servers.js';
import type { Logger } from './logger.js';
import type { RelayedKind, ServerMetrics } from './metrics.js';
import type { ServerOptions } from './options.js';
import { StrikeCounter, TokenBucket } from './rate-limiter.js';
import { encodeForClient, keepVerbatim } from './relay-encoding.js';

/**
 * awaiting-join: connected, no room yet · joining: join/resume in progress ·
 * joined: member of a room · closed: socket gone (final).
 */
export type SessionState = 'awaiting-join' | 'joining' | 'joined' | 'closed';

export interface SessionContext {
  readonly options: ServerOptions;
  readonly hub: SignalingHub;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
}

/** Close codes a client uses to leave on purpose; anything else keeps its slot for resume. */
const DELIBERATE_CLOSE_CODES = new Set<number>([CloseCode.normal, CloseCode.goingAway]);
const STRIKE_WINDOW_MS = 10_000;
const RATE_LIMIT_NOTICE_INTERVAL_MS = 1000;

/** Join outcome plus the refusal only the connection layer decides (room tokens). */
type Admission =
  JoinOutcome | { readonly ok: false; readonly code: 'unauthorized'; readonly message: string };

const FATAL_CLOSE_CODES: Partial<Record<ErrorCode, number>> = {
  'server-shutdown': CloseCode.serviceRestart,
  unavailable: CloseCode.tryAgainLater,
};

/** One WebSocket connection: validates what enters, enforces limits, talks to the hub. */
export class Session implements MemberLink {
  #state: SessionState = 'awaiting-join';
  #member: Membership | null = null;
  /** Messages for this member that arrive while its `welcome` is not yet sent. */
  #pending: ServerMessage[] = [];
  readonly #bucket: TokenBucket;
  readonly #strikes: StrikeCounter;
  #lastRateLimitNotice = -Infinity;
  #joinTimer: ReturnType<typeof setTimeout> | null;
  #iceTimer: ReturnType<typeof setTimeout> | null = null;
  #awaitingPong = false;
  #missedPongs = 0;
  #corked = false;
  #log: Logger;

  /**
   * `transport` is the TCP (or TLS) socket under `socket`; when given, frames written in one
   * event-loop turn are corked and leave in one writev instead of one syscall each.
   */
  constructor(
    private readonly socket: WebSocket,
    private readonly context: SessionContext,
    readonly clientIp: string,
    private readonly transport: Pick<Duplex, 'cork' | 'uncork'> | null = null,
  ) {
    const { options } = context;
    const now = Date.now();
    this.#bucket = new TokenBucket(options.rateLimitPerSecond, options.rateLimitBurst, now);
    this.#strikes = new StrikeCounter(options.abuseStrikeLimit, STRIKE_WINDOW_MS, now);
    this.#log = context.log;
    this.#joinTimer = setTimeout(() => {
      this.#fail('join-timeout', `no join within ${String(options.joinTimeoutMs)} ms`);
    }, options.joinTimeoutMs);
    socket.on('message', (data, isBinary) => {
      this.#onFrame(data, isBinary);
    });
    socket.on('pong', () => {
      this.#awaitingPong = false;
      this.#missedPongs = 0;
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
    if (this.#awaitingPong && ++this.#missedPongs >= 2) {
      this.#log.info({ peer: this.#member?.peerId }, 'no pong twice: terminating');
      this.socket.terminate();
      return;
    }
    this.#awaitingPong = true;
    this.socket.ping();
  }

  /** Drain: tell the client, close with 1012, keep its slot so it can resume elsewhere. */
  shutdown(): void {
    this.#fail('server-shutdown', 'server is restarting; reconnect and resume');
  }

  // MemberLink: the hub delivers here.
  send(message: ServerMessage): void {
    if (this.#state === 'joining') this.#pending.push(message);
    else this.#write(message);
  }

  supersede(): void {
    this.#member = null;
    this.#setState('closed');
    this.socket.close(CloseCode.normal, 'resumed on another connection');
  }

  #write(message: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.context.options.maxBufferedBytes) {
      this.#log.warn(
        { peer: this.#member?.peerId },
        'slow consumer: send buffer full, disconnecting',
      );
      this.socket.terminate();
      return;
    }
    this.#corkUntilTurnEnds();
    this.socket.send(encodeForClient(message), { binary: false });
  }

  /** Under load many signals for one member arrive together: send them in one syscall. */
  #corkUntilTurnEnds(): void {
    const transport = this.transport;
    if (transport === null || this.#corked) return;
    this.#corked = true;
    transport.cork();
    process.nextTick(this.#uncork, transport);
  }

  readonly #uncork = (transport: Pick<Duplex, 'uncork'>): void => {
    this.#corked = false;
    transport.uncork();
  };

  #onFrame(data: RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    const receivedAt = performance.now();
    const now = Date.now();
    if (!this.#bucket.take(now)) {
      this.#onRateLimited(now);
      return;
    }
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
    if (decoded.message.type === 'signal' && Buffer.isBuffer(data))
      keepVerbatim(data, text, decoded.message);
    this.context.metrics.countReceived(decoded.message.type);
    this.#dispatch(decoded.message, receivedAt);
  }

  #dispatch(message: ClientMessage, receivedAt: number): void {
    switch (message.type) {
      case 'join':
        void this.#onJoin(message);
        return;
      case 'signal':
        this.#onSignal(message, receivedAt);
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
      default:
        assertNever(message);
    }
  }

  async #onJoin(message: JoinMessage): Promise<void> {
    if (this.#state !== 'awaiting-join') {
      this.#sendError('already-joined', 'this connection already joined a room');
      return;
    }
    this.#setState('joining');
    let admission: Admission;
    try {
      admission = await this.#admit(message);
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

  async #admit(message: JoinMessage): Promise<Admission> {
    const { hub, options } = this.context;
    const request = { room: message.room, name: message.name };
    // A resume token is itself the credential for an existing slot, so an expired room
    // token must not end a long meeting; fresh joins need a valid room token.
    if (message.resume !== undefined)
      return hub.resume({ ...request, token: message.resume }, this);
    if (options.authSecret !== null) {
      const check =
        message.token === undefined
          ? { ok: false as const, reason: 'this server requires a room token' }
          : await verifyRoomToken(options.authSecret, message.token, message.room);
      if (!check.ok) return { ok: false, code: 'unauthorized', message: check.reason };
    }
    return hub.join(request, this);
  }

  #finishJoin(admission: Admission, resuming: boolean): void {
    const { metrics, hub } = this.context;
    if (this.#state === 'closed') {
      // The socket went away while the hub admitted it: treat like any drop.
      if (admission.ok) hub.detach(admission.member, this);
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
    this.#write({
      type: 'welcome',
      v: PROTOCOL_VERSION,
      self: { id: member.peerId, name: member.name },
      peers: [...admission.peers],
      iceServers: this.#issueIce(),
      resume: admission.resumeToken,
    });
    this.#setState('joined');
    const pending = this.#pending;
    this.#pending = [];
    for (const queued of pending) this.#write(queued);
  }

  #onSignal(message: ClientSignalMessage, receivedAt: number): void {
    const member = this.#member;
    if (this.#state !== 'joined' || member === null) {
      this.#sendError('not-joined', 'join a room before sending signals');
      return;
    }
    const outcome = this.context.hub.relay(member, message.to, message.data);
    if (outcome === 'unknown-peer') {
      this.#sendError('unknown-peer', `no peer ${message.to} in this room`);
      return;
    }
    const kind = relayedKind(message);
    this.context.metrics.countRelayed(kind, (performance.now() - receivedAt) / 1000);
    if (this.#log.isLevelEnabled('debug')) this.#log.debug({ to: message.to, kind }, 'relayed');
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
    if (this.#state !== 'joined' || member === null) {
      this.#sendError('not-joined', 'not in a room');
      return;
    }
    this.#leaveRoom(member);
    this.#setState('awaiting-join');
  }

  #leaveRoom(member: Membership): void {
    this.#member = null;
    this.#clearIceTimer();
    this.context.hub.leave(member, this);
    this.#log.info('left');
    this.#log = this.context.log;
  }

  /** Mints ICE servers for this member and schedules the unasked refresh before expiry. */
  #issueIce(): IceServer[] {
    const member = this.#member;
    if (member === null) return [];
    const now = Date.now();
    const issued = issueIceServers(this.context.options, member.peerId, now);
    this.#clearIceTimer();
    if (issued.expiresAtMs !== null) {
      this.#iceTimer = setTimeout(
        () => {
          if (this.#state === 'joined')
            this.#write({ type: 'ice-servers', iceServers: this.#issueIce() });
        },
        refreshDelayMs(now, issued.expiresAtMs),
      );
    }
    return issued.iceServers;
  }

  #onRateLimited(now: number): void {
    this.context.metrics.countError('rate-limited');
    if (this.#strikes.strike(now)) {
      this.#abuse('too many messages');
      return;
    }
    // One notice per second is enough; answering every dropped frame would double the flood.
    if (now - this.#lastRateLimitNotice >= RATE_LIMIT_NOTICE_INTERVAL_MS) {
      this.#lastRateLimitNotice = now;
      this.#write({ type: 'error', code: 'rate-limited', message: 'slow down: message dropped' });
    }
  }

  /** A bad message: typed error, connection stays open unless it keeps happening. */
  #reject(code: ErrorCode, message: string): void {
    this.#sendError(code, message);
    if (this.#strikes.strike(Date.now())) this.#abuse('too many invalid messages');
  }

  #abuse(reason: string): void {
    this.#log.warn({ ip: this.clientIp, reason }, 'closing abusive connection');
    this.#closeWith(CloseCode.policyViolation, reason);
  }

  #sendError(code: ErrorCode, message: string): void {
    this.context.metrics.countError(code);
    this.#write({ type: 'error', code, message });
  }

  /** Sends the error and, for fatal codes, closes the connection. */
  #fail(code: ErrorCode, message: string): void {
    this.#sendError(code, message);
    if (FATAL_ERROR_CODES.has(code)) {
      this.#closeWith(FATAL_CLOSE_CODES[code] ?? CloseCode.policyViolation, message);
    }
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
    this.#clearIceTimer();
    this.#pending = [];
    if (!wasMember) return;
    this.#member = null;
    if (DELIBERATE_CLOSE_CODES.has(code)) {
      this.context.hub.leave(member, this);
      this.#log.info({ code }, 'closed: left');
    } else {
      this.context.hub.detach(member, this);
      this.#log.info({ code }, 'dropped: slot kept for resume');
    }
  }

  #setState(next: SessionState): void {
    if (this.#state === next || this.#state === 'closed') return;
    this.#state = next;
  }

  #clearJoinTimer(): void {
    if (this.#joinTimer !== null) clearTimeout(this.#joinTimer);
    this.#joinTimer = null;
  }

  #clearIceTimer(): void {
    if (this.#iceTimer !== null) clearTimeout(this.#iceTimer);
    this.#iceTimer = null;
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function relayedKind(message: ClientSignalMessage): RelayedKind {
  const { data } = message;
  if ('description' in data) return data.description.type;
  return data.candidate === null || data.candidate.candidate === ''
    ? 'end-of-candidates'
    : 'candidate';
}
