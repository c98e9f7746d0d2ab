import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Bytes passed on at a time: about a packet, so the rate is smooth, not bursts. */
const SLICE_BYTES = 1200;

/**
 * A TCP proxy that passes each direction of each connection on at most `bytesPerSecond`:
 * a narrow link in front of a server (TURN over TCP), for tests of what a slow uplink
 * does. Backpressure reaches the sender (the proxy stops reading while it waits), as on
 * a real bottleneck.
 */
export class PacedProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(
    target: { readonly host: string; readonly port: number },
    options: { readonly host: string; readonly bytesPerSecond: number },
  ): Promise<PacedProxy> {
    const server = createServer();
    const proxy = new PacedProxy(server);
    server.on('connection', (client) => {
      proxy.#accept(client, target, options.bytesPerSecond);
    });
    await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return address.port;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #accept(client: Socket, target: { host: string; port: number }, bytesPerSecond: number): void {
    const upstream = connect(target.port, target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.#sockets.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.#sockets.delete(from);
        to.destroy();
      });
      pace(from, to, bytesPerSecond);
    }
  }
}

/** Copies `from` to `to`, never faster than `bytesPerSecond`. */
function pace(from: Socket, to: Socket, bytesPerSecond: number): void {
  let freeAt = 0;
  from.on('data', (chunk: Buffer) => {
    from.pause();
    void (async () => {
      for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
        const slice = chunk.subarray(offset, offset + SLICE_BYTES);
        const now = performance.now();
        freeAt = Math.max(freeAt, now) + (slice.length / bytesPerSecond) * 1000;
        await delay(freeAt - now);
        if (to.destroyed) return;
        to.write(slice);
      }
      from.resume();
    })();
  });
}
