import type { JoinMessage } from '../protocol/index.js';
import { verifyRoomToken, type TokenScope } from './auth.js';
import type { JoinOutcome, JoinRequest, MemberLink, SignalingHub } from './hub.js';
import { hashPasscode, verifyPasscode } from './passcode.js';
import { refusal, type Refused } from './refusals.js';
import type { JoinCapacity } from './room-mode-record.js';

/** Refusals only the connection layer decides: room tokens, passcode tries. */
export interface AdmissionRefusal {
  readonly ok: false;
  readonly code: 'unauthorized' | 'passcode-limited';
  readonly message: string;
}

/**
 * A join's outcome: a member, a wait in the lobby (with the request to complete once the
 * host admits it), or a refusal.
 */
export type Admission =
  | Exclude<JoinOutcome, { ok: 'waiting' }>
  | { readonly ok: 'waiting'; readonly waitingId: string; readonly request: JoinRequest }
  | AdmissionRefusal;

/** How joins are authorised: room tokens of this secret and scope, or null for open rooms. */
export type RoomAuth = { readonly secret: string; readonly scope: TokenScope } | null;

export interface AdmissionContext {
  readonly hub: SignalingHub;
  readonly auth: RoomAuth;
  /** The client's address bucket, for the hub's per-address limits and passcode tries. */
  readonly addressKey: string;
  readonly capacity: JoinCapacity | undefined;
}

const PASSCODE_LIMITED: AdmissionRefusal = {
  ok: false,
  code: 'passcode-limited',
  message: 'too many wrong passcodes; wait a minute and try again',
};

/**
 * Decides a `join`: a resume goes to the hub with its token (itself the credential for its
 * slot, so an expired room token must not end a long meeting); a fresh join needs a valid
 * room token when the server requires one, and the room's passcode when it has one (checked
 * here against the stored hash, with the tries counted per room and per address).
 */
export async function admit(
  context: AdmissionContext,
  message: JoinMessage,
  link: MemberLink,
): Promise<Admission> {
  const { hub, auth, addressKey, capacity } = context;
  const base: JoinRequest = {
    room: message.room,
    name: message.name,
    addressKey,
    ...(message.webrtc === false ? { webrtc: false } : {}),
    ...(capacity === undefined ? {} : { capacity }),
  };
  if (message.resume !== undefined)
    return withRequest(await hub.resume({ ...base, token: message.resume }, link), base);
  // Not before the room token, so a client cannot learn whether the store is up without one;
  // not after, so no passcode work starts for a join the hub would refuse anyway.
  let request = base;
  if (auth !== null) {
    const check =
      message.token === undefined
        ? { ok: false as const, reason: 'this server requires a room token' }
        : await verifyRoomToken(auth.secret, message.token, message.room, Date.now(), auth.scope);
    if (!check.ok) return { ok: false, code: 'unauthorized', message: check.reason };
    request = {
      ...base,
      ...(check.mesh ? { pinMesh: true } : {}),
      ...(check.host ? { host: true } : {}),
      ...(check.lobby ? { lobby: true } : {}),
    };
  }
  if (!hub.isReady()) return refusal('unavailable', { roomCapacity: 0 });
  // Twice at most: the host may set or change the passcode between the check and the join.
  for (let attempt = 0; ; attempt++) {
    const passcode = await passcodeFields(hub, request, message.passcode);
    if ('ok' in passcode) return passcode;
    const outcome = await hub.join({ ...request, ...passcode }, link);
    const changed =
      !outcome.ok && (outcome.code === 'passcode-wrong' || outcome.code === 'passcode-required');
    if (changed && attempt === 0) continue;
    return withRequest(outcome, request);
  }
}

/** A hub's outcome as an admission: a wait keeps the request to complete it with. */
function withRequest(outcome: JoinOutcome, request: JoinRequest): Admission {
  return outcome.ok === 'waiting' ? { ...outcome, request } : outcome;
}

/**
 * The join of a waiting connection the host admitted, with the request it waited with (an
 * admission that is no longer valid, e.g. it expired, makes it an ordinary join again).
 */
export async function enterAdmitted(
  hub: SignalingHub,
  request: JoinRequest,
  waitingId: string,
  link: MemberLink,
  capacity: JoinCapacity | undefined,
): Promise<Admission> {
  const fresh = capacity === undefined ? request : { ...request, capacity };
  return withRequest(await hub.join({ ...fresh, admitted: waitingId }, link), request);
}

type PasscodeFields = Pick<JoinRequest, 'passcode' | 'createPasscode'>;

/**
 * What the join carries for the room's passcode: the stored hash the given passcode matched,
 * or, for a join that opens the room, the hash of the passcode it sets; or why it may not join.
 */
async function passcodeFields(
  hub: SignalingHub,
  request: JoinRequest,
  passcode: string | undefined,
): Promise<PasscodeFields | Refused | AdmissionRefusal> {
  const { room, addressKey } = request;
  const access = await hub.roomAccess(room);
  if (!access.exists)
    return passcode === undefined ? {} : { createPasscode: await hashPasscode(passcode) };
  if (request.host === true) return {};
  const context = { roomCapacity: 0 };
  // A locked room refuses anyway: no passcode work for it.
  if (access.locked) return refusal('locked', context);
  if (access.passcode === null) return {};
  if (passcode === undefined) return refusal('passcode-required', context);
  if (!(await hub.passcodeTries(room, addressKey, 'check'))) return PASSCODE_LIMITED;
  if (await verifyPasscode(passcode, access.passcode)) return { passcode: access.passcode };
  await hub.passcodeTries(room, addressKey, 'wrong');
  return refusal('passcode-wrong', context);
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
