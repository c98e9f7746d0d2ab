import {
  ERROR_EFFECTS,
  PROTOCOL_VERSION,
  assertNever,
  decodeServerMessage,
  type ClientMessageInput,
  type ConnectionReport,
  type ErrorMessage,
  type HostMessage,
  type IceServer,
  type PeerInfo,
  type RoomMode,
  type ServerMessage,
  type SignalData,
  type WelcomeMessage,
} from '../protocol/index.js';
import { TypedEmitter } from './emitter.js';
import { ConfabError } from './errors.js';
import { Keepalive } from './keepalive.js';
import { BackoffReconnectPolicy } from './reconnect-policy.js';
import type {
  AppData,
  JoinKind,
  SfuClientMessage,
  SignalingEvents,
  SignalingOptions,
  SignalingState,
} from './signaling-types.js';

/** WebSocket.OPEN, without relying on a global WebSocket class (tests inject fakes). */
const OPEN = 1;

/** Close code for "I think this connection is dead and will reconnect": the server keeps our slot. */
const CLOSE_RECONNECTING = 4000;

/**
 * The WebSocket to the signaling server: joins, keeps the connection alive, and on an
 * unexpected close reconnects with backoff and resumes the same member slot, so existing
 * peer connections stay up. Peers never see this class; the mesh wires it to them.
 */
export class SignalingClient extends TypedEmitter<SignalingEvents> {
  #state: SignalingState = 'idle';
  #socket: WebSocket | null = null;
  #welcome: WelcomeMessage | null = null;
  #attempt = 0;
  /** Connections opened so far; picks the URL of the next one. */
  #opened = 0;
  /** The first attempt may adopt an already open connection (`adoptSocket`). */
  #adopting = true;
  #keepalive: Keepalive | null = null;
  #joinTimer: ReturnType<typeof setTimeout> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #queued: ClientMessageInput[] = [];
  #iceWaiters: ((servers: IceServer[]) => void)[] = [];
  #firstJoin: { resolve: (w: WelcomeMessage) => void; reject: (e: ConfabError) => void } | null =
    null;
  #mode: RoomMode | null = null;
  readonly #options: Required<Omit<SignalingOptions, 'token' | 'passcode' | 'adoptSocket'>> & {
    token: string | undefined;
    passcode: string | undefined;
    adoptSocket: SignalingOptions['adoptSocket'];
  };

  constructor(options: SignalingOptions) {
    super();
    this.#options = {
      pingIntervalMs: 5000,
      deadAfterMs: 15_000,
      joinTimeoutMs: 10_000,
      maxQueuedSignals: 512,
      fallbackUrls: [],
      reconnectPolicy: new BackoffReconnectPolicy(),
      createWebSocket: (url) => new WebSocket(url),
      webrtc: true,
      ...options,
      token: options.token,
      passcode: options.passcode,
      adoptSocket: options.adoptSocket,
    };
  }

  get state(): SignalingState {
    return this.#state;
  }

  /** Our member info once joined (the id changes only after a failed resume). */
  get self(): PeerInfo | null {
    return this.#welcome?.self ?? null;
  }

  get iceServers(): IceServer[] {
    return this.#welcome?.iceServers ?? [];
  }

  /** The room's media mode as last heard (`welcome`, then `room-mode`); null before joining. */
  get mode(): RoomMode | null {
    return this.#mode;
  }

  /** Connects and joins; resolves with the first `welcome`, rejects with a ConfabError. */
  connect(): Promise<WelcomeMessage> {
    if (this.#state !== 'idle')
      return Promise.reject(ConfabError.invalidState(`already ${this.#state}`));
    this.#setState('connecting');
    const joined = new Promise<WelcomeMessage>((resolve, reject) => {
      this.#firstJoin = { resolve, reject };
    });
    this.#open();
    return joined;
  }

  /** Relays signal data to a peer; queued while reconnecting. */
  sendSignal(to: string, data: SignalData): void {
    this.#sendOrQueue({ type: 'signal', to, data });
  }

  /** Sends an app message through the server to one member (`to`) or every other member. */
  sendApp(data: AppData, to?: string): void {
    this.#sendOrQueue({ type: 'app', data, ...(to === undefined ? {} : { to }) });
  }

  /** Sends a message to the server's SFU controller; queued while reconnecting. */
  sendSfu(message: SfuClientMessage): void {
    this.#sendOrQueue(message);
  }

  /** Reports call quality (telemetry); dropped unless joined (a stale report is no use). */
  sendTelemetry(reports: ConnectionReport[]): void {
    if (this.#state === 'joined') this.#send({ type: 'telemetry', reports });
  }

  /** A host action (the server answers `forbidden` unless we are the host); not queued. */
  sendHost(message: HostMessage): void {
    if (this.#state === 'joined') this.#send(message);
  }

  /** Asks for fresh ICE servers (new TURN credentials); resolves with them. */
  refreshIceServers(timeoutMs = 5000): Promise<IceServer[]> {
    if (this.#state !== 'joined') return Promise.resolve(this.iceServers);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new ConfabError('signaling-timeout', 'no ice-servers answer'));
      }, timeoutMs);
      this.#iceWaiters.push((servers) => {
        clearTimeout(timer);
        resolve(servers);
      });
      this.#send({ type: 'refresh-ice' });
    });
  }

  /**
   * Checks now that the connection is alive: a ping must be answered within `timeoutMs`,
   * or the socket is dropped and the client resumes on a fresh one. Called when peer
   * connections suddenly break, which often means the network changed under us and the
   * WebSocket died silently (the regular keepalive would notice only after `deadAfterMs`).
   */
  probe(timeoutMs = 2000): void {
    if (this.#state === 'joined') this.#keepalive?.probe(timeoutMs);
  }

  /** Leaves the room (the others see `peer-left` at once) and closes. Idempotent. */
  close(): void {
    if (this.#state === 'closed') return;
    if (this.#state === 'joined') this.#send({ type: 'leave' });
    this.#finish(null, 1000);
  }

  #open(): void {
    const urls = [this.#options.url, ...this.#options.fallbackUrls];
    const url = urls[this.#opened % urls.length] ?? this.#options.url;
    // A pre-join page's connection, once: if it dies before the welcome, the next attempt
    // opens a fresh one to the same URL (it does not use up a fallback).
    const adopted = this.#adopting ? (this.#options.adoptSocket?.(url) ?? null) : null;
    this.#adopting = false;
    if (adopted === null) this.#opened += 1;
    const socket = adopted ?? this.#options.createWebSocket(url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (this.#socket === socket) this.#onOpen();
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (this.#socket === socket) this.#onFrame(event.data);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (this.#socket === socket) this.#onSocketGone(event.code);
    });
    if (socket.readyState === OPEN) this.#onOpen();
  }

  #onOpen(): void {
    const resume = this.#welcome?.resume;
    this.#sendJoin(resume);
    this.#keepalive = new Keepalive(
      this.#options,
      () => {
        this.#send({ type: 'ping' });
      },
      () => {
        this.#abandonSocket();
      },
    );
  }

  #sendJoin(resume: string | undefined): void {
    const { room, name, token, webrtc, passcode } = this.#options;
    this.#send({
      type: 'join',
      v: PROTOCOL_VERSION,
      room,
      name,
      ...(resume === undefined ? {} : { resume }),
      ...(token === undefined ? {} : { token }),
      ...(webrtc ? {} : { webrtc: false }),
      // Only a fresh join needs it: a resume token is the credential for its slot.
      ...(passcode === undefined || resume !== undefined ? {} : { passcode }),
    });
    this.#clearJoinTimer();
    this.#joinTimer = setTimeout(() => {
      this.#onJoinTimeout();
    }, this.#options.joinTimeoutMs);
  }

  #onFrame(data: unknown): void {
    this.#keepalive?.heard();
    if (typeof data !== 'string') return;
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      this.emit('server-error', new ConfabError('bad-message', `server sent ${decoded.reason}`));
      return;
    }
    this.#dispatch(decoded.message);
  }

  #dispatch(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.#onWelcome(message);
        return;
      case 'peer-joined':
        this.emit('peer-joined', message.peer);
        return;
      case 'peer-left':
        this.emit('peer-left', message.id);
        return;
      case 'signal':
        this.emit('signal', message.from, message.data);
        return;
      case 'ice-servers':
        this.#onIceServers(message.iceServers);
        return;
      case 'pong':
        return;
      case 'error':
        this.#onServerError(message);
        return;
      case 'room-mode':
        this.#mode = message.mode;
        this.emit('room-mode', message.mode, message.reason);
        return;
      case 'app':
        this.emit('app', message.from, message.data);
        return;
      case 'sfu-answer':
        this.emit('sfu-answer', message);
        return;
      case 'sfu-offer':
        this.emit('sfu-offer', message);
        return;
      case 'sfu-candidate':
        this.emit('sfu-candidate', message);
        return;
      case 'lobby':
        // The host decides when: no join timeout while we wait (the keepalive still runs).
        this.#clearJoinTimer();
        this.emit('lobby');
        return;
      case 'room-state':
        this.emit('room-state', message.room);
        return;
      case 'knock':
        this.emit('knock', { id: message.id, name: message.name });
        return;
      case 'knock-cancelled':
        this.emit('knock-cancelled', message.id);
        return;
      case 'mute-requested':
        this.emit('mute-requested', message.by);
        return;
      default:
        assertNever(message);
    }
  }

  #onWelcome(welcome: WelcomeMessage): void {
    this.#clearJoinTimer();
    const previous = this.#welcome;
    const kind: JoinKind =
      previous === null ? 'joined' : previous.self.id === welcome.self.id ? 'resumed' : 'rejoined';
    this.#welcome = welcome;
    this.#mode = welcome.mode;
    this.#attempt = 0;
    // A `refresh-ice` may have gone into the socket that died; the welcome's servers are fresh.
    if (kind !== 'joined') this.#onIceServers(welcome.iceServers);
    const queued = this.#queued;
    this.#queued = [];
    this.#setState('joined');
    // Signals written while away still matter if we kept our id; after a rejoin the
    // peers they were meant for know us under another id, so they are dropped.
    if (kind === 'resumed') for (const message of queued) this.#send(message);
    this.emit('joined', welcome, kind);
    this.#firstJoin?.resolve(welcome);
    this.#firstJoin = null;
  }

  #onIceServers(servers: IceServer[]): void {
    if (this.#welcome !== null) this.#welcome = { ...this.#welcome, iceServers: servers };
    const waiters = this.#iceWaiters;
    this.#iceWaiters = [];
    for (const resolve of waiters) resolve(servers);
    this.emit('ice-servers', servers);
  }

  /** What to do follows from the protocol's effect of the code (`ERROR_EFFECTS`). */
  #onServerError(message: ErrorMessage): void {
    if (message.code === 'resume-failed') {
      // Our slot is gone: join afresh with a new id; the mesh rebuilds on `rejoined`.
      this.#sendJoin(undefined);
      return;
    }
    const error = new ConfabError(message.code, message.message);
    const effect = ERROR_EFFECTS[message.code];
    switch (effect.connection) {
      case 'stays-open':
        this.emit('server-error', error);
        return;
      case 'closes-then-resume':
        // The server closes the socket next; we reconnect and resume elsewhere or later.
        // Still reported, so an app can say why it is reconnecting.
        this.emit('server-error', error);
        return;
      case 'closes-for-good':
        this.#finish(error, 1000);
        return;
      default:
        assertNever(effect);
    }
  }

  #onSocketGone(code: number): void {
    this.#stopTimers();
    this.#socket = null;
    if (this.#state === 'closed') return;
    if (this.#welcome === null && this.#opened <= this.#options.fallbackUrls.length) {
      // First join: try the next node before giving up.
      this.#open();
      return;
    }
    if (this.#welcome === null) {
      this.#finish(
        new ConfabError(
          'connection-failed',
          `could not join (connection closed, code ${String(code)})`,
        ),
        null,
      );
      return;
    }
    this.#setState('reconnecting');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = this.#options.reconnectPolicy.nextDelayMs(this.#attempt);
    if (delay === null) {
      this.#finish(
        new ConfabError(
          'reconnect-gave-up',
          `no connection after ${String(this.#attempt)} attempts`,
        ),
        null,
      );
      return;
    }
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#state === 'reconnecting') this.#open();
    }, delay);
  }

  #onJoinTimeout(): void {
    this.#joinTimer = null;
    if (this.#welcome === null) {
      this.#finish(new ConfabError('signaling-timeout', 'no welcome from the server'), 1000);
      return;
    }
    this.#abandonSocket();
  }

  /** The connection looks dead: drop it (code 4000 keeps our slot) and reconnect. */
  #abandonSocket(): void {
    const socket = this.#socket;
    if (socket === null) return;
    socket.close(CLOSE_RECONNECTING, 'reconnecting');
    this.#onSocketGone(CLOSE_RECONNECTING);
  }

  #sendOrQueue(message: ClientMessageInput): void {
    if (this.#state === 'joined') this.#send(message);
    else if (
      this.#state === 'reconnecting' &&
      this.#queued.length < this.#options.maxQueuedSignals
    ) {
      this.#queued.push(message);
    }
  }

  #send(message: ClientMessageInput): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(message));
  }

  #finish(error: ConfabError | null, closeCode: number | null): void {
    if (this.#state === 'closed') return;
    this.#stopTimers();
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket !== null && closeCode !== null && socket.readyState <= OPEN) socket.close(closeCode);
    this.#setState('closed');
    this.#firstJoin?.reject(error ?? ConfabError.closed('signaling'));
    this.#firstJoin = null;
    this.emit('closed', error);
  }

  #stopTimers(): void {
    this.#keepalive?.stop();
    this.#keepalive = null;
    this.#clearJoinTimer();
  }

  #clearJoinTimer(): void {
    if (this.#joinTimer !== null) clearTimeout(this.#joinTimer);
    this.#joinTimer = null;
  }

  #setState(next: SignalingState): void {
    if (this.#state === next || this.#state === 'closed') return;
    this.#state = next;
    this.emit('state', next);
  }
}
