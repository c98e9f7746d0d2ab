import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawOpenOptions {
  readonly port: number;
  readonly host?: string;
  /** Source address (127.0.0.x): lets a test be "another client address" on loopback. */
  readonly localAddress?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A WebSocket client written for abuse tests, on a bare TCP socket: it frames text
 * messages itself and never answers anything, including the server's close frame, so it
 * can keep sending after the server decided to end the connection (what a hostile client
 * does). It reads the server's text frames so a test can see what arrived.
 */
export class RawWebSocket {
  readonly texts: string[] = [];
  /** Close frames received (their status codes). */
  readonly closeCodes: number[] = [];
  /** Resolves with `Date.now()` when the TCP connection ended (FIN, reset or error). */
  readonly closedAt: Promise<number>;
  #buffer = Buffer.alloc(0);
  #closed = false;
  #waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    this.closedAt = new Promise((resolve) => {
      socket.once('close', () => {
        this.#closed = true;
        this.#wake();
        resolve(Date.now());
      });
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#parseFrames();
    });
  }

  static open(options: RawOpenOptions): Promise<RawWebSocket> {
    const socket = connect({
      port: options.port,
      host: options.host ?? '127.0.0.1',
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('connect', () => {
        const headers = {
          Host: `${options.host ?? '127.0.0.1'}:${String(options.port)}`,
          Upgrade: 'websocket',
          Connection: 'Upgrade',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          'Sec-WebSocket-Version': '13',
          ...options.headers,
        };
        const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
        socket.write(`GET /ws HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
        let head = Buffer.alloc(0);
        const onData = (chunk: Buffer): void => {
          head = Buffer.concat([head, chunk]);
          const end = head.indexOf('\r\n\r\n');
          if (end < 0) return;
          socket.off('data', onData);
          socket.off('error', reject);
          const status = head.subarray(0, head.indexOf('\r\n')).toString();
          if (!status.includes(' 101 ')) {
            socket.destroy();
            reject(new Error(`upgrade refused: ${status}`));
            return;
          }
          const client = new RawWebSocket(socket);
          const rest = head.subarray(end + 4);
          if (rest.length > 0) socket.emit('data', rest);
          resolve(client);
        };
        socket.on('data', onData);
      });
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Writes one masked text frame (false once the socket is gone). */
  sendText(text: string): boolean {
    if (this.#closed || this.socket.destroyed) return false;
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x81, 0x80 | length])
        : length < 65536
          ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
          : (() => {
              const h = Buffer.alloc(10);
              h[0] = 0x81;
              h[1] = 0x80 | 127;
              h.writeBigUInt64BE(BigInt(length), 2);
              return h;
            })();
    for (let i = 0; i < length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
    return this.socket.write(Buffer.concat([header, mask, payload]));
  }

  /** Waits until a text frame matching `predicate` arrived; returns it. */
  async waitForText(predicate: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.texts.find(predicate);
      if (found !== undefined) return found;
      if (this.#closed) throw new Error('socket closed while waiting');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  #parseFrames(): void {
    for (;;) {
      const buffer = this.#buffer;
      if (buffer.length < 2) return;
      const opcode = (buffer[0] ?? 0) & 0x0f;
      let length = (buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const payload = buffer.subarray(offset, offset + length);
      this.#buffer = buffer.subarray(offset + length);
      if (opcode === 0x1) this.texts.push(payload.toString('utf8'));
      else if (opcode === 0x8) this.closeCodes.push(length >= 2 ? payload.readUInt16BE(0) : 1005);
      this.#wake();
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
