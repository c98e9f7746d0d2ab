import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the confab server, one per participant, so a test can cut that
 * participant's signaling (the WebSocket) while its peer-to-peer media is untouched.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #blocked = false;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => {
      proxy.#accept(client, target);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${String(address.port)}`;
  }

  /** Cuts every connection (TCP reset, no WebSocket close frame) and refuses new ones. */
  block(): void {
    this.#blocked = true;
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
  }

  unblock(): void {
    this.#blocked = false;
  }

  async close(): Promise<void> {
    this.block();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #accept(client: Socket, target: { host: string; port: number }): void {
    if (this.#blocked) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.#sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.#sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}
