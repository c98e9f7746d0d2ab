import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../protocol/index.js';
import type { RelayedSignal } from './hub.js';
import { encodeForClient } from './relay-encoding.js';

/**
 * What one connection sends to its client. A client that stops reading (its send buffer
 * passes `maxBufferedBytes`) is cut off rather than allowed to grow the server's memory.
 * `transport` is the TCP (or TLS) socket under `socket`; when given, frames written in one
 * event-loop turn are corked and leave in one writev instead of one syscall each.
 */
export class Outbox {
  #corked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly transport: Pick<Duplex, 'cork' | 'uncork'> | null,
    private readonly maxBufferedBytes: number,
    private readonly onSlowConsumer: () => void,
  ) {}

  write(message: ServerMessage | RelayedSignal): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.onSlowConsumer();
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
}
