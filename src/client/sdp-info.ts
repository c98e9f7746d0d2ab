/**
 * The `o=` line's session id: constant for the lifetime of one RTCPeerConnection, new for a
 * new one. A different id in a remote offer means the other side rebuilt its connection.
 */
export function sdpSessionId(sdp: string): string | null {
  return /^o=\S+ (\d+) /m.exec(sdp)?.[1] ?? null;
}

/**
 * Whether a remote offer comes from the same connection as the previous one (`previous`:
 * that offer's SDP). Browsers keep the `o=` session id for the life of a connection; Janus
 * 1.1 writes a new one (the time) into every offer of one handle, but counts the version up
 * from 1. So: the same session id, or a version that goes on from the last one.
 */
export function sameSdpSession(previous: string, next: string): boolean {
  const before = /^o=\S+ (\d+) (\d+) /m.exec(previous);
  const after = /^o=\S+ (\d+) (\d+) /m.exec(next);
  if (before === null || after === null) return before === after;
  if (before[1] === after[1]) return true;
  return BigInt(after[2] ?? '0') > BigInt(before[2] ?? '0');
}

/** The first `a=ice-ufrag:` value: changes with every ICE restart. */
export function sdpIceUfrag(sdp: string): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null;
}

export { sdpOrigin } from '../protocol/index.js';

/** Who opens the DTLS handshake (`a=setup:active`) and who waits for it (`passive`). */
export type DtlsRole = 'active' | 'passive';

/** The DTLS role a description settles (`a=setup:active|passive`); null for `actpass`. */
export function sdpDtlsRole(sdp: string): DtlsRole | null {
  const value = /^a=setup:(\w+)/m.exec(sdp)?.[1];
  return value === 'active' || value === 'passive' ? value : null;
}

export function oppositeDtlsRole(role: DtlsRole): DtlsRole {
  return role === 'active' ? 'passive' : 'active';
}

/**
 * An answer to a later offer (ICE restart, screen share) must keep the DTLS roles of the
 * running association (RFC 8842 §5.5). Firefox answers `a=setup:active` even while it is the
 * DTLS server, and Chromium then rejects the whole answer ("Failed to set SSL role for the
 * transport"). The association goes on unchanged on both sides, so the answer is read with
 * the role the other side really holds: `remoteRole`, null while there is no association.
 */
export function answerKeepingDtlsRole(sdp: string, remoteRole: DtlsRole | null): string {
  const declared = sdpDtlsRole(sdp);
  if (remoteRole === null || declared === null || declared === remoteRole) return sdp;
  return sdp.replace(/^a=setup:(?:active|passive)$/gm, `a=setup:${remoteRole}`);
}
