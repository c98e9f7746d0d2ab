import type { IncomingMessage } from 'node:http';

export interface UpgradeLimits {
  readonly allowedOrigins: readonly string[];
  readonly maxConnectionsPerIp: number;
  readonly maxConnections: number;
  readonly trustProxy: boolean;
}

export type UpgradeVerdict =
  | { readonly ok: true; readonly ip: string }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/**
 * Decides whether a WebSocket upgrade may proceed, before any frame is read. Refusals are
 * plain HTTP statuses: the client has no WebSocket yet to receive an error frame on.
 */
export class UpgradeGuard {
  readonly #perIp = new Map<string, number>();
  #total = 0;

  constructor(private readonly limits: UpgradeLimits) {}

  check(request: IncomingMessage, accepting: boolean): UpgradeVerdict {
    if (!accepting) return { ok: false, status: 503, reason: 'server is draining' };
    if (!this.#originAllowed(request.headers.origin)) {
      return { ok: false, status: 403, reason: 'origin not allowed' };
    }
    const ip = this.clientIp(request);
    const { maxConnections, maxConnectionsPerIp } = this.limits;
    if (maxConnections > 0 && this.#total >= maxConnections) {
      return { ok: false, status: 503, reason: 'server is at its connection limit' };
    }
    if (maxConnectionsPerIp > 0 && (this.#perIp.get(ip) ?? 0) >= maxConnectionsPerIp) {
      return { ok: false, status: 429, reason: 'too many connections from this address' };
    }
    return { ok: true, ip };
  }

  /** Counts an accepted connection until `release(ip)`. */
  admit(ip: string): void {
    this.#total += 1;
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
  }

  release(ip: string): void {
    this.#total -= 1;
    const remaining = (this.#perIp.get(ip) ?? 1) - 1;
    if (remaining <= 0) this.#perIp.delete(ip);
    else this.#perIp.set(ip, remaining);
  }

  clientIp(request: IncomingMessage): string {
    const forwarded = request.headers['x-forwarded-for'];
    if (this.limits.trustProxy && typeof forwarded === 'string') {
      const first = forwarded.split(',', 1)[0]?.trim();
      if (first) return first;
    }
    return request.socket.remoteAddress ?? 'unknown';
  }

  #originAllowed(origin: string | undefined): boolean {
    const allowed = this.limits.allowedOrigins;
    return allowed.length === 0 || (origin !== undefined && allowed.includes(origin));
  }
}
