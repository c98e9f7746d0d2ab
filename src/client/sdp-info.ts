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

/**
 * The `o=` line's session id and version: one value per description a connection creates.
 * A description sent again carries the same pair even when candidates were added since.
 */
export function sdpOrigin(sdp: string): string | null {
  return /^o=\S+ (\d+ \d+) /m.exec(sdp)?.[1] ?? null;
}
