import type { JoinMessage } from '../protocol/index.js';
import { verifyRoomToken } from './auth.js';
import type { JoinOutcome, JoinRequest, MemberLink, SignalingHub } from './hub.js';
import type { JoinCapacity } from './room-mode-record.js';

/** A join's outcome, plus the refusal only the connection layer decides (room tokens). */
export type Admission =
  JoinOutcome | { readonly ok: false; readonly code: 'unauthorized'; readonly message: string };

/**
 * Decides a `join`: a resume goes to the hub with its token; a fresh join first needs a
 * valid room token when the server requires one.
 */
export async function admit(
  hub: SignalingHub,
  authSecret: string | null,
  message: JoinMessage,
  link: MemberLink,
  capacity?: JoinCapacity,
): Promise<Admission> {
  const request: JoinRequest = {
    room: message.room,
    name: message.name,
    ...(message.webrtc === false ? { webrtc: false } : {}),
    ...(capacity === undefined ? {} : { capacity }),
  };
  // A resume token is itself the credential for an existing slot, so an expired room
  // token must not end a long meeting.
  if (message.resume !== undefined) return hub.resume({ ...request, token: message.resume }, link);
  if (authSecret !== null) {
    const check =
      message.token === undefined
        ? { ok: false as const, reason: 'this server requires a room token' }
        : await verifyRoomToken(authSecret, message.token, message.room);
    if (!check.ok) return { ok: false, code: 'unauthorized', message: check.reason };
    if (check.mesh) return hub.join({ ...request, pinMesh: true }, link);
  }
  return hub.join(request, link);
}
