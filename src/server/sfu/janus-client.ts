import WebSocket from 'ws';
import { openJanusSocket } from './janus-socket.js';
import { TypedEmitter } from './emitter.js';
import { JanusClientError } from './janus-errors.js';
import { JanusHandle, type HandleKind, type HandleTransport } from './janus-handle.js';
import { TransactionTable, type ReplyFrame } from './janus-transactions.js';
import { decodeJanusFrame, frameText, type JanusFrame } from './janus-wire.js';

export interface JanusClientOptions {
  /** The Janus WebSocket API, e.g. ws://127.0.0.1:8188 (never reachable from browsers). */
  readonly url: string;
  /** Janus's core `api_secret`; sent as `apisecret` on every request. */
  readonly apiSecret: string;
  /** Deadline for one request, ack and plugin answer included (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** Deadline for the WebSocket handshake and the session `create` (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** Keepalive period, below Janus's session_timeout (default 15 s; 0 = none, tests only). */
  readonly keepaliveIntervalMs?: number;
  /** Requests in flight before new ones fail with `janus-overloaded` (default 256). */
  readonly maxPendingRequests?: number;
  /** Bytes queued on the socket before new requests fail with `janus-overloaded` (4 MiB). */
  readonly maxBufferedBytes?: number;
  /** Largest frame accepted from Janus (default 4 MiB; SDPs of big rooms are ~100 kB). */
  readonly maxFrameBytes?: number;
}

export const DEFAULT_JANUS_CLIENT_OPTIONS = {
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  keepaliveIntervalMs: 15_000,
  maxPendingRequests: 256,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxFrameBytes: 4 * 1024 * 1024,
} as const;

/** Whether this instance should get new rooms: keepalives answered, connection open. */
export interface JanusHealth {
  readonly healthy: boolean;
  /** Keepalives in a row that failed (timed out or were refused); 0 when healthy. */
  readonly keepaliveFailures: number;
  /** Round trip of the last answered keepalive, or null before the first. */
  readonly lastKeepaliveMs: number | null;
}

export interface JanusClientEvents {
  /** The client is unusable (connection lost, session lost, or `close()`); emitted once. */
  closed: [JanusClientError];
  health: [JanusHealth];
  /** A frame from Janus was dropped as invalid (logged by the owner; never fatal). */
  'protocol-error': [reason: string];
}

export type JanusClientState = 'open' | 'closed';

/**
 * A typed client for the Janus WebSocket API: one connection and one session. The
 * controller owns reconnection: after `closed` it decides whether to connect again.
 */
export class JanusClient extends TypedEmitter<JanusClientEvents> {
  readonly #socket: WebSocket;
  readonly #options: Required<Omit<JanusClientOptions, 'url' | 'apiSecret'>>;
  readonly #apiSecret: string;
  readonly #transactions: TransactionTable;
  readonly #handles = new Map<number, JanusHandle>();
  readonly #transport: HandleTransport;
  #sessionId = 0;
  #state: JanusClientState = 'open';
  #keepaliveTimer: NodeJS.Timeout | null = null;
  #keepaliveInFlight = false;
  #health: JanusHealth = { healthy: true, keepaliveFailures: 0, lastKeepaliveMs: null };

  private constructor(socket: WebSocket, options: JanusClientOptions) {
    super();
    this.#socket = socket;
    this.#options = { ...DEFAULT_JANUS_CLIENT_OPTIONS, ...options };
    this.#apiSecret = options.apiSecret;
    this.#transactions = new TransactionTable(
      this.#options.maxPendingRequests,
      this.#options.requestTimeoutMs,
    );
    this.#transport = {
      call: (request, ackIsNotFinal, what) => this.#call(request, ackIsNotFinal, what),
      forget: (id) => this.#handles.delete(id),
    };
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.#onFrame(frameText(data));
    });
    socket.on('close', (code) => {
      this.#shutDown(
        new JanusClientError('janus-unreachable', `connection to Janus closed (${String(code)})`),
      );
    });
    socket.on('error', () => {
      // 'close' follows every 'error'; the failure is reported there.
    });
  }

  /** Opens the WebSocket, creates the session, starts the keepalive. */
  static async connect(options: JanusClientOptions): Promise<JanusClient> {
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_JANUS_CLIENT_OPTIONS.connectTimeoutMs;
    const socket = await openJanusSocket(
      options.url,
      timeoutMs,
      options.maxFrameBytes ?? DEFAULT_JANUS_CLIENT_OPTIONS.maxFrameBytes,
    );
    const client = new JanusClient(socket, options);
    try {
      const reply = await client.#call({ janus: 'create' }, false, 'create');
      const id = reply.janus === 'success' ? reply.data?.id : undefined;
      if (id === undefined) throw new JanusClientError('janus-protocol', 'create: no session id');
      client.#sessionId = id;
    } catch (error) {
      await client.close();
      throw error;
    }
    client.#startKeepalive();
    return client;
  }

  get sessionId(): number {
    return this.#sessionId;
  }

  get state(): JanusClientState {
    return this.#state;
  }

  get health(): JanusHealth {
    return this.#health;
  }

  /** Live handles by kind: what this client asks of its Janus instance right now. */
  handleCounts(): Record<HandleKind, number> {
    const counts: Record<HandleKind, number> = { admin: 0, publisher: 0, subscriber: 0 };
    for (const handle of this.#handles.values()) counts[handle.kind] += 1;
    return counts;
  }

  /** Attaches a plugin handle (e.g. `janus.plugin.videoroom`). */
  async attach(plugin: string, kind: HandleKind): Promise<JanusHandle> {
    const reply = await this.#call({ janus: 'attach', plugin }, false, `attach ${plugin}`);
    const id = reply.janus === 'success' ? reply.data?.id : undefined;
    if (id === undefined) throw new JanusClientError('janus-protocol', 'attach: no handle id');
    const handle = new JanusHandle(this.#transport, id, plugin, kind);
    this.#handles.set(id, handle);
    return handle;
  }

  /** Closes the connection; Janus then frees the session and its handles. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const closed = new Promise<void>((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) resolve();
      else
        this.#socket.once('close', () => {
          resolve();
        });
    });
    this.#shutDown(new JanusClientError('janus-closed', 'Janus client closed'));
    this.#socket.close(1000);
    // A socket that cannot finish the closing handshake is cut after a short grace period.
    const cut = setTimeout(() => {
      this.#socket.terminate();
    }, 1000);
    await closed;
    clearTimeout(cut);
  }

  async #call(
    request: Record<string, unknown>,
    ackIsNotFinal: boolean,
    what: string,
  ): Promise<ReplyFrame> {
    if (this.#state === 'closed') {
      throw new JanusClientError('janus-closed', `${what}: client is closed`);
    }
    if (this.#socket.bufferedAmount > this.#options.maxBufferedBytes) {
      throw new JanusClientError('janus-overloaded', `${what}: too many bytes queued to Janus`);
    }
    const opened = this.#transactions.open(ackIsNotFinal, what);
    const session = this.#sessionId === 0 ? {} : { session_id: this.#sessionId };
    const frame = { ...request, ...session, transaction: opened.id, apisecret: this.#apiSecret };
    this.#socket.send(JSON.stringify(frame), (error) => {
      if (error) {
        this.#transactions.fail(
          opened.id,
          new JanusClientError('janus-unreachable', `${what}: ${error.message}`),
        );
      }
    });
    return await opened.reply;
  }

  #onFrame(text: string): void {
    const decoded = decodeJanusFrame(text);
    if (!decoded.ok) {
      if (decoded.transaction !== null) {
        this.#transactions.fail(
          decoded.transaction,
          new JanusClientError('janus-protocol', decoded.reason),
        );
      }
      this.emit('protocol-error', decoded.reason);
      return;
    }
    this.#route(decoded.frame);
  }

  #route(frame: JanusFrame): void {
    switch (frame.janus) {
      case 'success':
      case 'ack':
      case 'error':
        if (frame.transaction !== undefined) this.#transactions.settle(frame.transaction, frame);
        return;
      case 'event':
        if (frame.transaction !== undefined && this.#transactions.settle(frame.transaction, frame))
          return;
        this.#handles.get(frame.sender)?.dispatch(frame);
        return;
      case 'timeout':
        if (frame.session_id === this.#sessionId) {
          this.#shutDown(new JanusClientError('janus-session-lost', 'Janus timed out the session'));
          this.#socket.close(1000);
        }
        return;
      case 'webrtcup':
      case 'media':
      case 'slowlink':
      case 'hangup':
      case 'detached':
      case 'trickle':
        this.#handles.get(frame.sender)?.dispatch(frame);
        return;
      case 'pong':
      case 'server_info':
        // Answers to `ping` / `info`, which this client never sends (readiness probes do).
        return;
    }
  }

  #startKeepalive(): void {
    const interval = this.#options.keepaliveIntervalMs;
    if (interval <= 0) return;
    this.#keepaliveTimer = setInterval(() => void this.#keepalive(), interval);
    this.#keepaliveTimer.unref();
  }

  async #keepalive(): Promise<void> {
    // One at a time: a stuck Janus must not pile up keepalives.
    if (this.#keepaliveInFlight || this.#state === 'closed') return;
    this.#keepaliveInFlight = true;
    const started = performance.now();
    try {
      await this.#call({ janus: 'keepalive' }, false, 'keepalive');
      this.#setHealth({
        healthy: true,
        keepaliveFailures: 0,
        lastKeepaliveMs: Math.round(performance.now() - started),
      });
    } catch {
      if (this.#isOpen()) {
        const failures = this.#health.keepaliveFailures + 1;
        this.#setHealth({ ...this.#health, healthy: false, keepaliveFailures: failures });
      }
    } finally {
      this.#keepaliveInFlight = false;
    }
  }

  #isOpen(): boolean {
    return this.#state === 'open';
  }

  #setHealth(health: JanusHealth): void {
    const changed = health.healthy !== this.#health.healthy;
    this.#health = health;
    if (changed) this.emit('health', health);
  }

  /** Enters `closed` exactly once: stops timers, fails requests, tells listeners why. */
  #shutDown(reason: JanusClientError): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    if (this.#keepaliveTimer !== null) clearInterval(this.#keepaliveTimer);
    this.#transactions.failAll(reason);
    this.#handles.clear();
    this.#setHealth({ ...this.#health, healthy: false });
    this.emit('closed', reason);
  }
}
