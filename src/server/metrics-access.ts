import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopback } from './client-address.js';

export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden';

/**
 * Who may read `/metrics` (room and member counts, error rates: what an attacker probing
 * the server would like to see). With a token: whoever presents it as a bearer token.
 * Without one: only clients on this machine that came straight to the socket, not through a
 * proxy (a proxy on this machine would make every visitor look local).
 */
export function metricsAccess(request: IncomingMessage, token: string | null): MetricsAccess {
  if (token !== null) {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return given !== undefined && sameSecret(given, token) ? 'allowed' : 'unauthorized';
  }
  const proxied =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !proxied && isLoopback(request.socket.remoteAddress ?? '') ? 'allowed' : 'forbidden';
}

/** Compares digests, so the time taken says nothing about how much of the token matched. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
