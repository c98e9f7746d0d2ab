import type { ErrorCode } from '../protocol/index.js';

/**
 * Why a hub refuses a join or resume. Every hub (in memory, Redis, a media server's room
 * state) refuses with these codes and these texts; the Lua scripts return the codes only.
 */
export type JoinRefusal = Extract<ErrorCode, 'room-full' | 'resume-failed' | 'unavailable'>;

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
};

/** The refusal a hub answers with: the stable code and its one text. */
export function refusal(code: JoinRefusal, context: RefusalContext): Refused {
  return { ok: false, code, message: MESSAGES[code](context) };
}
