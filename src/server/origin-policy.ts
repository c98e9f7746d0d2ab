import type { IncomingMessage } from 'node:http';

export interface OriginPolicy {
  /** Listed origins; empty: the server's own origin only; `*`: any. */
  readonly allowedOrigins: readonly string[];
  /** Refuse requests without an Origin header. */
  readonly requireOrigin: boolean;
  /** Behind a proxy: the page's scheme is X-Forwarded-Proto (nginx sets it). */
  readonly trustProxy: boolean;
  /** This server terminates TLS itself. */
  readonly tls: boolean;
}

/**
 * Whether a WebSocket upgrade's Origin may open a connection (cross-site WebSocket
 * hijacking: any page can point a browser at our /ws, and the browser sends its cookies
 * and network position along). Browsers always send Origin on WebSocket upgrades; clients
 * without one (the CLI, `ws` scripts) are not a browser being abused, so they pass unless
 * `requireOrigin` is set.
 */
export function originAllowed(request: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return !policy.requireOrigin;
  const allowed = policy.allowedOrigins;
  if (allowed.includes('*')) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return false;
  if (allowed.length > 0) return allowed.some((entry) => normalizeOrigin(entry) === normalized);
  return normalized === ownOrigin(request, policy);
}

/**
 * The origin of pages this server served for this request: its scheme and the Host the
 * browser asked for (with the proxy's scheme when it terminates TLS for us).
 */
export function ownOrigin(request: IncomingMessage, policy: OriginPolicy): string | null {
  const host = request.headers.host;
  if (host === undefined) return null;
  return normalizeOrigin(`${requestScheme(request, policy)}://${host}`);
}

/** `https` when the browser's connection was TLS: our own, or the trusted proxy's. */
export function requestScheme(
  request: IncomingMessage,
  policy: Pick<OriginPolicy, 'trustProxy' | 'tls'>,
): 'http' | 'https' {
  if (policy.tls) return 'https';
  if (!policy.trustProxy) return 'http';
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (typeof forwarded === 'string' ? forwarded : '').split(',', 1)[0]?.trim();
  return first?.toLowerCase() === 'https' ? 'https' : 'http';
}

/** `scheme://host[:port]` with default ports dropped and the host lower-cased; null if not one. */
function normalizeOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}
