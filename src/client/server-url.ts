/** Path of the signaling WebSocket on a confab server. */
export const SIGNALING_PATH = '/ws';

/**
 * The signaling URL for a server given as `https://host`, `http://host:8080`, `wss://host/ws`
 * or nothing (the page's own origin).
 */
export function signalingUrl(server?: string): string {
  const base = server ?? globalThis.location.origin;
  const url = new URL(base);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.pathname === '/' || url.pathname === '') url.pathname = SIGNALING_PATH;
  return url.toString();
}
