import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { addressBucket, clientAddress, normalizeAddress } from './client-address.js';
import { originAllowed } from './origin-policy.js';

export interface UpgradeLimits {
  readonly allowedOrigins: readonly string[];
  readonly requireOrigin: boolean;
  readonly maxConnectionsPerIp: number;
  readonly maxConnections: number;
  readonly trustProxy: boolean;
  readonly proxyHops: number;
  readonly tls: boolean;
}

export type UpgradeVerdict =
  | { readonly ok: true; readonly ip: string }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/**
 * One TCP connection under the per-address cap: `pending` while it has not finished its
 * first request's headers (a half-open upgrade looks exactly like that), `ws` once it is a
 * WebSocket, `done` when it no longer counts (serving plain HTTP, or closed).
 */
export interface ConnectionTicket {
  state: 'pending' | 'ws' | 'done';
  readonly key: string;
}

/** `address|port` names one TCP connection, also through the TLS socket wrapping it. */
function connectionId(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): string {
  return `${socket.remoteAddress ?? '?'}|${String(socket.remotePort ?? '?')}`;
}

/**
 * Decides whether a connection may proceed, before any frame is read, and counts
 * connections per client address (IPv6: per /64) and in total. Without a proxy, sockets
 * count from the moment they are accepted, so connections that never finish their upgrade
 * request cannot pile up beyond the cap (the header timeout cuts them). Behind a trusted
 * proxy the socket's peer is the proxy: WebSockets count by the forwarded address at the
 * upgrade, and the proxy bounds slow clients (deploy/nginx).
 */
export class UpgradeGuard {
  readonly #perKey = new Map<string, number>();
  readonly #pending = new Map<string, ConnectionTicket>();
  #total = 0;

  constructor(private readonly limits: UpgradeLimits) {}

  /**
   * A TCP connection was accepted: false when its address already holds its share (the
   * caller destroys it).
   */
  onSocket(socket: Socket): boolean {
    if (this.limits.trustProxy) return true;
    const key = addressBucket(normalizeAddress(socket.remoteAddress ?? 'unknown'));
    if (this.#atCap(key)) return false;
    const id = connectionId(socket);
    const ticket: ConnectionTicket = { state: 'pending', key };
    this.#count(key, 1);
    this.#pending.set(id, ticket);
    socket.once('close', () => {
      if (this.#pending.get(id) === ticket) this.#pending.delete(id);
      this.#end(ticket);
    });
    return true;
  }

  /** A plain HTTP request arrived on `socket`: it is no longer a pending upgrade. */
  onRequest(socket: Socket): void {
    const id = connectionId(socket);
    const ticket = this.#pending.get(id);
    if (ticket === undefined) return;
    this.#pending.delete(id);
    this.#end(ticket);
  }

  check(request: IncomingMessage, accepting: boolean): UpgradeVerdict {
    if (!accepting) return { ok: false, status: 503, reason: 'server is draining' };
    if (!originAllowed(request, this.limits)) {
      return { ok: false, status: 403, reason: 'origin not allowed' };
    }
    const ip = clientAddress(request, this.limits);
    const { maxConnections } = this.limits;
    if (maxConnections > 0 && this.#total >= maxConnections) {
      return { ok: false, status: 503, reason: 'server is at its connection limit' };
    }
    // A pending socket is already counted under its address; anything else counts now.
    const pending = this.#pending.has(connectionId(request.socket));
    if (!pending && this.#atCap(addressBucket(ip))) {
      return { ok: false, status: 429, reason: 'too many connections from this address' };
    }
    return { ok: true, ip };
  }

  /** Counts an accepted WebSocket until `release(ticket)` (or its socket closes). */
  admit(socket: Socket, ip: string): ConnectionTicket {
    this.#total += 1;
    const id = connectionId(socket);
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      this.#pending.delete(id);
      pending.state = 'ws';
      return pending;
    }
    const key = addressBucket(ip);
    this.#count(key, 1);
    return { state: 'ws', key };
  }

  /** The accepted WebSocket with this ticket closed. */
  release(ticket: ConnectionTicket): void {
    this.#total -= 1;
    this.#end(ticket);
  }

  /** Open connections counted under `ip`'s address bucket. */
  countFor(ip: string): number {
    return this.#perKey.get(addressBucket(ip)) ?? 0;
  }

  #atCap(key: string): boolean {
    const cap = this.limits.maxConnectionsPerIp;
    return cap > 0 && (this.#perKey.get(key) ?? 0) >= cap;
  }

  /** Stops counting a connection; idempotent, so socket close and WebSocket close may both call it. */
  #end(ticket: ConnectionTicket): void {
    if (ticket.state === 'done') return;
    ticket.state = 'done';
    this.#count(ticket.key, -1);
  }

  #count(key: string, delta: number): void {
    const next = (this.#perKey.get(key) ?? 0) + delta;
    if (next <= 0) this.#perKey.delete(key);
    else this.#perKey.set(key, next);
  }
}
