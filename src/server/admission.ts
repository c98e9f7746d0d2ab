import type { JoinMessage } from '../protocol/index.js';
import { verifyRoomToken, type TokenScope } from './auth.js';
import type { JoinOutcome, JoinRequest, MemberLink, SignalingHub } from './hub.js';
import type { JoinCapacity } from './room-mode-record.js';

/** A join's outcome, plus the refusal only the connection layer decides (room tokens). */
export type Admission =
  JoinOutcome | { readonly ok: false; readonly code: 'unauthorized'; readonly message: string };

/** How joins are authorised: room tokens of this secret and scope, or null for open rooms. */
export type RoomAuth = { readonly secret: string; readonly scope: TokenScope } | null;

/**
 * Decides a `join`: a resume goes to the hub with its token; a fresh join first needs a
 * valid room token when the server requires one. `addressKey` is the client's address
 * bucket, for the hub's per-address limits.
 */
export async function admit(
  hub: SignalingHub,
  auth: RoomAuth,
  message: JoinMessage,
  link: MemberLink,
  addressKey: string,
  capacity?: JoinCapacity,
): Promise<Admission> {
  const request: JoinRequest = {
    room: message.room,
    name: message.name,
    addressKey,
    ...(message.webrtc === false ? { webrtc: false } : {}),
    ...(capacity === undefined ? {} : { capacity }),
  };
  // A resume token is itself the credential for an existing slot, so an expired room
  // token must not end a long meeting.
  if (message.resume !== undefined) return hub.resume({ ...request, token: message.resume }, link);
  if (auth !== null) {
    const check =
      message.token === undefined
        ? { ok: false as const, reason: 'this server requires a room token' }
        : await verifyRoomToken(auth.secret, message.token, message.room, Date.now(), auth.scope);
    if (!check.ok) return { ok: false, code: 'unauthorized', message: check.reason };
    if (check.mesh) return hub.join({ ...request, pinMesh: true }, link);
  }
  return hub.join(request, link);
}

/** The room-token policy the options ask for. */
export function roomAuth(options: {
  readonly authSecret: string | null;
  readonly authIssuer: string;
  readonly authAudience: string;
}): RoomAuth {
  return options.authSecret === null
    ? null
    : {
        secret: options.authSecret,
        scope: { issuer: options.authIssuer, audience: options.authAudience },
      };
}
