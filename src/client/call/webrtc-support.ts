/**
 * Whether this browser can take part in calls: it has RTCPeerConnection (some builds, e.g.
 * Debian's WebKit engine, have none; policies can remove it).
 */
export function webrtcSupported(): boolean {
  return typeof globalThis.RTCPeerConnection === 'function';
}
