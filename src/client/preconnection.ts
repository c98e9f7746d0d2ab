import { PROTOCOL_VERSION } from '../protocol/index.js';
import { Keepalive } from './keepalive.js';
import { signalingUrl } from './server-url.js';

/** WebSocket.OPEN (CONNECTING is 0), without relying on a global WebSocket class. */
const OPEN = 1;

export interface PreconnectionOptions {
  /** The confab server, as `CallOptions.server` (default: the page's own origin). */
  readonly server?: string;
  /** App-level ping interval while waiting (default 5 s), as the signaling client's. */
  readonly pingIntervalMs?: number;
  /** The connection counts as dead after this long without any frame (default 15 s). */
  readonly deadAfterMs?: number;
  /** Injected for tests; defaults to the browser's WebSocket. */
  readonly createWebSocket?: (url: string) => WebSocket;
}

/**
 * The signaling connection of a page that is about to join (a pre-join screen), opened
 * before anyone clicks: it says `hello` (so the server keeps it without a join for its
 * `preJoinTimeoutMs`) and stays quiet. A `Call` given it (`CallOptions.preconnection`)
 * sends its `join` on it, so the click costs no TCP, TLS or WebSocket handshake. If the
 * connection is gone by then (the server closed an idle one, the network dropped it), the
 * call opens its own: one connection at a time either way. ICE servers and TURN
 * credentials need no fetching ahead: the `welcome` carries them, minted at the join.
 */
export class Preconnection {
  readonly url: string;
  #socket: WebSocket | null = null;
  #keepalive: Keepalive | null = null;
  /** Handed over or closed: nothing opens again. */
  #done = false;
  readonly #options: Required<Omit<PreconnectionOptions, 'server'>>;

  constructor(options: PreconnectionOptions = {}) {
    this.url = signalingUrl(options.server);
    this.#options = {
      pingIntervalMs: 5000,
      deadAfterMs: 15_000,
      createWebSocket: (url) => new WebSocket(url),
      ...options,
    };
    this.#open();
  }

  /** Whether a connection is open (or opening) and not handed over yet. */
  get connected(): boolean {
    return this.#socket !== null;
  }

  /**
   * The person shows signs of joining (focus, typing): reopens the connection if it is
   * gone, so a page left open for an hour still joins without a handshake on the click.
   */
  wake(): void {
    if (!this.#done && this.#socket === null) this.#open();
  }

  /**
   * Hands the connection over, once: the open (or opening) socket to `url`, which the
   * caller now owns, or null (then the caller opens its own).
   */
  take(url: string): WebSocket | null {
    if (this.#done) return null;
    this.#done = true;
    const socket = this.#release();
    if (socket === null) return null;
    const usable = url === this.url && socket.readyState <= OPEN;
    if (!usable) socket.close(1000);
    return usable ? socket : null;
  }

  /** Closes the connection unless it was handed over. Idempotent. */
  close(): void {
    this.#done = true;
    const socket = this.#release();
    if (socket !== null && socket.readyState <= OPEN) socket.close(1000);
  }

  #open(): void {
    const socket = this.#options.createWebSocket(this.url);
    this.#socket = socket;
    const mine = () => this.#socket === socket;
    socket.addEventListener('open', () => {
      if (mine()) this.#onOpen(socket);
    });
    socket.addEventListener('message', () => {
      if (mine()) this.#keepalive?.heard();
    });
    socket.addEventListener('close', () => {
      // Closed by the server (idle too long, a version it does not speak) or the network:
      // stay closed until `wake` or the call opens its own.
      if (mine()) this.#release();
    });
    if (socket.readyState === OPEN) this.#onOpen(socket);
  }

  #onOpen(socket: WebSocket): void {
    if (this.#keepalive !== null) return;
    socket.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }));
    this.#keepalive = new Keepalive(
      this.#options,
      () => {
        if (socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'ping' }));
      },
      () => {
        // Silently dead (no frame for deadAfterMs): drop it; `wake` or the call reopens.
        if (this.#release() === socket) socket.close(1000);
      },
    );
  }

  /** Forgets the socket (its listeners go quiet) and returns it. */
  #release(): WebSocket | null {
    const socket = this.#socket;
    this.#socket = null;
    this.#keepalive?.stop();
    this.#keepalive = null;
    return socket;
  }
}
