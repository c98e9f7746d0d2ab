/**
 * The `o=` line's session id: constant for the lifetime of one RTCPeerConnection, new for a
 * new one. A different id in a remote offer means the other side rebuilt its connection.
 */
export function sdpSessionId(sdp: string): string | null {
  return /^o=\S+ (\d+) /m.exec(sdp)?.[1] ?? null;
}

/** The first `a=ice-ufrag:` value: changes with every ICE restart. */
export function sdpIceUfrag(sdp: string): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null;
}
