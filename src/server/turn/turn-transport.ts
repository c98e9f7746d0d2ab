import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { looksLikeStun, stunMessageLength } from './stun-message.js';

export type TurnTransportKind = 'udp' | 'tcp' | 'tls';

export interface TurnServerAddress {
  readonly host: string;
  readonly port: number;
  readonly transport: TurnTransportKind;
  /** Extra trusted CA certificate (PEM) for TLS, e.g. a test's self-signed one. */
  readonly ca?: string;
}

/** One connection to a STUN/TURN server that carries whole STUN messages. */
export interface StunTransport {
  readonly kind: TurnTransportKind;
  /** UDP may lose messages: requests are retransmitted only there. */
  readonly reliable: boolean;
  send(message: Buffer): void;
  onMessage(listener: (message: Buffer) => void): void;
  onClose(listener: (error: Error | null) => void): void;
  close(): void;
}

/** Opens the transport; rejects when the server cannot be resolved or a TCP/TLS connect fails. */
export async function openStunTransport(
  server: TurnServerAddress,
  timeoutMs: number,
): Promise<StunTransport> {
  const { address, family } = await lookup(server.host, { family: 0 });
  if (server.transport === 'udp')
    return openUdp(address, family === 6 ? 'udp6' : 'udp4', server.port);
  const socket =
    server.transport === 'tls'
      ? connectTls({
          host: address,
          port: server.port,
          servername: tlsServerName(server.host),
          ...(server.ca === undefined ? {} : { ca: server.ca }),
        })
      : connectTcp({ host: address, port: server.port });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${server.host}:${String(server.port)} timed out`));
    }, timeoutMs);
    socket.once(server.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return streamTransport(server.transport, socket);
}

function tlsServerName(host: string): string | undefined {
  // SNI carries names only, never IP literals.
  return /^[\d.]+$|:/.test(host) ? undefined : host;
}

function openUdp(address: string, type: 'udp4' | 'udp6', port: number): Promise<StunTransport> {
  const socket: UdpSocket = createSocket(type);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, address, () => {
      socket.off('error', reject);
      const closeListeners: ((error: Error | null) => void)[] = [];
      let closed = false;
      const finish = (error: Error | null): void => {
        if (closed) return;
        closed = true;
        for (const listener of closeListeners) listener(error);
      };
      // ICMP "port unreachable" surfaces as ECONNREFUSED on a connected UDP socket.
      socket.on('error', (error) => {
        finish(error);
        socket.close();
      });
      socket.on('close', () => {
        finish(null);
      });
      resolve({
        kind: 'udp',
        reliable: false,
        send: (message) => {
          if (!closed) socket.send(message);
        },
        onMessage: (listener) =>
          socket.on('message', (data) => {
            listener(data);
          }),
        onClose: (listener) => closeListeners.push(listener),
        close: () => {
          if (!closed) socket.close();
        },
      });
    });
  });
}

/** STUN over TCP/TLS (RFC 8489 §6.2.2): messages back to back, framed by their length field. */
function streamTransport(kind: 'tcp' | 'tls', socket: Socket): StunTransport {
  const listeners: ((message: Buffer) => void)[] = [];
  let buffer = Buffer.alloc(0);
  // An 'error' listener must always exist: an unhandled socket error would crash the process.
  let lastError: Error | null = null;
  socket.on('error', (error) => (lastError = error));
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const length = stunMessageLength(buffer);
      if (length === null || buffer.length < length) return;
      const message = buffer.subarray(0, length);
      buffer = buffer.subarray(length);
      // Anything else (ChannelData) is not used by this client; a garbled stream ends it.
      if (!looksLikeStun(message)) {
        socket.destroy(new Error('server sent a non-STUN frame'));
        return;
      }
      for (const listener of listeners) listener(message);
    }
  });
  return {
    kind,
    reliable: true,
    send: (message) => {
      if (!socket.destroyed) socket.write(message);
    },
    onMessage: (listener) => listeners.push(listener),
    onClose: (listener) => {
      socket.on('close', () => {
        listener(lastError);
      });
    },
    close: () => socket.destroy(),
  };
}
