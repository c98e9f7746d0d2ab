import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameText } from '../sfu/janus-wire.js';

// A scripted stand-in for Janus's WebSocket API, for unit tests of the client layers.
// Integration tests use the real Janus (startJanus in ./janus.ts).

export type FakeRequest = Record<string, unknown> & { janus: string; transaction: string };

/** A WebSocket server speaking janus-protocol; `reply` decides what each request gets. */
export class FakeJanus {
  /** The session id `create` returns; handles get 100, 101, ... */
  static readonly SESSION_ID = 77;
  readonly requests: FakeRequest[] = [];
  socket: WebSocket | null = null;
  #nextHandle = 100;
  /** Answers create/attach (success) and everything else (ack); replace to script Janus. */
  reply: (request: FakeRequest, send: (frame: object) => void) => void = (request, send) => {
    this.answerCore(request, send);
  };

  answerCore(request: FakeRequest, send: (frame: object) => void): void {
    const id =
      request.janus === 'create'
        ? FakeJanus.SESSION_ID
        : request.janus === 'attach'
          ? this.#nextHandle++
          : null;
    send(
      id === null
        ? { janus: 'ack', transaction: request.transaction }
        : { janus: 'success', transaction: request.transaction, data: { id } },
    );
  }

  private constructor(readonly server: WebSocketServer) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const request = JSON.parse(frameText(data)) as FakeRequest;
        this.requests.push(request);
        this.reply(request, (frame) => {
          socket.send(JSON.stringify(frame));
        });
      });
    });
  }

  static async start(): Promise<FakeJanus> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('janus-protocol') ? 'janus-protocol' : false),
    });
    await new Promise((resolve) => server.once('listening', resolve));
    return new FakeJanus(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  push(frame: object): void {
    this.socket?.send(JSON.stringify(frame));
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => {
      this.server.close(resolve);
    });
  }
}
