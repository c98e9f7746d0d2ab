import type { ErrorCode } from '../protocol/index.js';

/**
 * Why a hub refuses a join or resume. Every hub (in memory, Redis, a media server's room
 * state) refuses with these codes and these texts; the Lua scripts return the codes only.
 */
export type JoinRefusal = Extract<
  ErrorCode,
  | 'room-full'
  | 'resume-failed'
  | 'unavailable'
  | 'locked'
  | 'passcode-required'
  | 'passcode-wrong'
  | 'removed'
  | 'meeting-ended'
>;

/** What a refusal text may mention. */
export interface RefusalContext {
  readonly roomCapacity: number;
}

export interface Refused {
  readonly ok: false;
  readonly code: JoinRefusal;
  readonly message: string;
}

const MESSAGES: Readonly<Record<JoinRefusal, (context: RefusalContext) => string>> = {
  'room-full': ({ roomCapacity }) => `room is full (${String(roomCapacity)} members)`,
  'resume-failed': () => 'resume token unknown or expired; join again without it',
  unavailable: () => 'the meeting state store is unreachable; try again shortly',
  locked: () => 'the room is locked: nobody new can join',
  'passcode-required': () => 'this room needs a passcode',
  'passcode-wrong': () => 'wrong passcode',
  removed: () => 'you were removed from this meeting',
  'meeting-ended': () => 'the meeting has ended',
};

/** The refusal a hub answers with: the stable code and its one text. */
export function refusal(code: JoinRefusal, context: RefusalContext): Refused {
  return { ok: false, code, message: MESSAGES[code](context) };
}

/** The lobby refusal: the room has as many people waiting as it lets wait. */
export function lobbyFull(lobbyCapacity: number): Refused {
  return {
    ok: false,
    code: 'room-full',
    message: `the lobby is full (${String(lobbyCapacity)} waiting)`,
  };
}
