import type { ClientMessageInput, ServerMessage } from '../../protocol/index.js';

/** A scripted WebSocket: the test plays the server (open, receive, drop). */
export class FakeWebSocket extends EventTarget {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  readonly sent: ClientMessageInput[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {
    super();
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (socket === undefined) throw new Error('no socket yet');
    return socket;
  }

  static factory(): (url: string) => WebSocket {
    return (url) => new FakeWebSocket(url) as unknown as WebSocket;
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text) as ClientMessageInput);
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.closedWith = code;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }

  // Server side.
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  receive(message: ServerMessage): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(message) }));
  }

  /** The connection is lost without a close frame. */
  drop(code = 1006): void {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }

  lastSent(): ClientMessageInput | undefined {
    return this.sent.at(-1);
  }
}
