import { createHash } from 'node:crypto';

/**
 * Headers every response carries. The app is a camera page: no other site may frame it
 * (clickjacking into "allow camera"), browsers must not guess content types, URLs (which
 * may hold a room name) do not leak as referrers, and only this origin may ask for camera,
 * microphone and screen capture.
 */
export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy':
      'camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), ' +
      'geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=()',
    // Anything that is not a page (API answers, metrics, errors) may load nothing at all.
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    // Only over TLS (browsers ignore it otherwise), and without includeSubDomains: other
    // hosts of the operator's domain are not ours to decide for.
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Hashes of a page's inline `<script>` and `<style>` blocks, as CSP sources. */
export interface InlineHashes {
  readonly scripts: readonly string[];
  readonly styles: readonly string[];
}

export function inlineBlocks(html: string): InlineHashes {
  return {
    scripts: inlineHashes(html, /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi),
    styles: inlineHashes(html, /<style\b[^>]*>([\s\S]*?)<\/style>/gi),
  };
}

/**
 * Where pages may connect besides their own origin: the other origins of this deployment
 * (`--allowed-origin`), so a page can fall back to another node (`fallbackServers`); `*`
 * (any site may connect here) lets pages connect anywhere too.
 */
export function connectSources(allowedOrigins: readonly string[]): string[] {
  if (allowedOrigins.includes('*')) return ['http:', 'https:', 'ws:', 'wss:'];
  return allowedOrigins.flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
}

/**
 * The policy of an HTML page: scripts, styles, images, media and connections (fetch,
 * WebSocket) from this origin only (connections also to `connect`), nothing framed,
 * nothing framing it but `frameAncestors` (the app page with --embed-origin; then this
 * origin too). Its Permissions-Policy header stays `camera=(self)`: inside a frame, `self`
 * is this server's origin, and the embedding page delegates with the iframe's `allow`. Inline `<script>` and `<style>` blocks of the page itself (the example
 * pages have them; the app has none) are allowed by their hash, so nothing injected into a
 * page could run.
 */
export function pagePolicy(
  inline: InlineHashes,
  connect: readonly string[] = [],
  frameAncestors: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inline.scripts].join(' '),
    ["style-src 'self'", ...inline.styles].join(' '),
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    ["connect-src 'self'", ...connect].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-src 'none'",
    frameAncestors.length === 0
      ? "frame-ancestors 'none'"
      : ["frame-ancestors 'self'", ...frameAncestors].join(' '),
  ].join('; ');
}

function inlineHashes(html: string, pattern: RegExp): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(pattern)) {
    const body = match[1] ?? '';
    if (body.trim() === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return [...hashes];
}
