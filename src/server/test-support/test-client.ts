import { WebSocket, type ClientOptions } from 'ws';
import {
  PROTOCOL_VERSION,
  decodeServerMessage,
  type ClientMessageInput,
  type ErrorMessage,
  type HostMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '../../protocol/index.js';

/** What a test's join may add to room and name. */
export interface JoinExtras {
  readonly resume?: string;
  readonly token?: string;
  readonly webrtc?: boolean;
  readonly passcode?: string;
}

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export interface CloseEvent {
  readonly code: number;
  readonly reason: string;
}

const DEFAULT_WAIT_MS = 5000;

/**
 * A real `ws` client for integration tests. Every frame from the server is validated
 * against the protocol schema, so tests also prove the server only speaks the current protocol version.
 */
export class TestClient {
  /** Every message received so far, in order. */
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<CloseEvent>;
  #cursor = 0;
  #waiters: (() => void)[] = [];
  #isClosed = false;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.#isClosed = true;
        this.#wake();
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(data.toString('utf8'));
      if (!decoded.ok) throw new Error(`server sent an invalid frame: ${decoded.reason}`);
      this.received.push(decoded.message);
      this.#wake();
    });
  }

  static async connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    socket.on('error', () => {
      // Surfaced through `closed` or the failed open below.
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`upgrade refused: ${String(response.statusCode)}`));
      });
      socket.once('error', reject);
    });
    return new TestClient(socket);
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  send(message: ClientMessageInput | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** The next message not yet consumed by `next`/`nextOf`. */
  async next(timeoutMs = DEFAULT_WAIT_MS): Promise<ServerMessage> {
    await this.#waitFor(() => this.#cursor < this.received.length, timeoutMs, 'a message');
    const message = this.received[this.#cursor++];
    if (message === undefined) throw new Error('unreachable');
    return message;
  }

  /** Skips messages until one of `type` arrives and returns it. */
  async nextOf<T extends ServerMessage['type']>(
    type: T,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<ByType<T>> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (message.type === type) return message as ByType<T>;
    }
  }

  /** All messages of `type` received so far (consumed or not). */
  all<T extends ServerMessage['type']>(type: T): ByType<T>[] {
    return this.received.filter((message): message is ByType<T> => message.type === type);
  }

  async join(room: string, name: string, extra: JoinExtras = {}): Promise<WelcomeMessage> {
    this.send({ type: 'join', v: PROTOCOL_VERSION, room, name, ...extra });
    const reply = await this.next();
    if (reply.type !== 'welcome') throw new Error(`expected welcome, got ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Joins a room whose lobby is on: resolves once the server says this connection waits. */
  async knock(room: string, name: string, extra: JoinExtras = {}): Promise<void> {
    this.send({ type: 'join', v: PROTOCOL_VERSION, room, name, ...extra });
    const reply = await this.next();
    if (reply.type !== 'lobby') throw new Error(`expected lobby, got ${JSON.stringify(reply)}`);
  }

  /** Sends a join and returns the error it is refused with. */
  async refusedJoin(room: string, name: string, extra: JoinExtras = {}): Promise<ErrorMessage> {
    this.send({ type: 'join', v: PROTOCOL_VERSION, room, name, ...extra });
    return this.nextOf('error');
  }

  /** Sends a host action (`{type:'host', action, ...}`). */
  host(action: Omit<HostMessage, 'type'> | Record<string, unknown>): void {
    this.send({ type: 'host', ...action });
  }

  /**
   * Barrier: everything the server wrote to this socket before answering the ping has
   * arrived once this resolves (TCP keeps order). Skipped messages stay in `received`.
   */
  async roundTrip(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const before = this.all('pong').length;
    this.send({ type: 'ping' });
    await this.#waitFor(() => this.all('pong').length > before, timeoutMs, 'pong');
  }

  async close(code = 1000): Promise<CloseEvent> {
    if (!this.#isClosed) this.socket.close(code);
    return this.closed;
  }

  /** Cuts the TCP connection without a close frame: the server sees an unexpected drop. */
  drop(): void {
    this.socket.terminate();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async #waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.#isClosed) throw new Error(`socket closed while waiting for ${what}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
