/**
 * Error codes carried by `{"type":"error"}` frames. They are stable identifiers for
 * programs; the accompanying `message` is for people and may change.
 */
export const ERROR_CODES = [
  'bad-message',
  'not-joined',
  'already-joined',
  'unknown-peer',
  'room-full',
  'unauthorized',
  'rate-limited',
  'join-timeout',
  'resume-failed',
  'server-shutdown',
  'unavailable',
  'version-unsupported',
  'sfu-failed',
  'stale-epoch',
  'forbidden',
  'locked',
  'denied',
  'removed',
  'passcode-required',
  'passcode-wrong',
  'passcode-limited',
  'meeting-ended',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses, named after RFC 6455 / IANA registry meanings. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  serviceRestart: 1012,
  tryAgainLater: 1013,
} as const;

/**
 * What an error does to the connection, and so what a client does next:
 * - `stays-open`: nothing ends; the client goes on.
 * - `closes-then-resume`: the server closes the connection; the client reconnects (to this
 *   node later, or another) and resumes its slot.
 * - `closes-for-good`: the server closes the connection; trying again cannot help, the
 *   client stops and reports the code.
 */
export type ErrorEffect =
  | { readonly connection: 'stays-open' }
  | {
      readonly connection: 'closes-then-resume' | 'closes-for-good';
      readonly closeCode: (typeof CloseCode)[keyof typeof CloseCode];
    };

/**
 * Every code's effect, in one place: the server closes by it and the client decides by
 * it, so a new code cannot make one side close while the other reconnects forever
 * (docs/protocol.md, "Errors").
 */
export const ERROR_EFFECTS: Readonly<Record<ErrorCode, ErrorEffect>> = {
  'bad-message': { connection: 'stays-open' },
  'not-joined': { connection: 'stays-open' },
  'already-joined': { connection: 'stays-open' },
  'unknown-peer': { connection: 'stays-open' },
  'room-full': { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  unauthorized: { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  'rate-limited': { connection: 'stays-open' },
  'join-timeout': { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  'resume-failed': { connection: 'stays-open' },
  'server-shutdown': { connection: 'closes-then-resume', closeCode: CloseCode.serviceRestart },
  unavailable: { connection: 'closes-then-resume', closeCode: CloseCode.tryAgainLater },
  'version-unsupported': { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  'sfu-failed': { connection: 'stays-open' },
  'stale-epoch': { connection: 'stays-open' },
  forbidden: { connection: 'stays-open' },
  locked: { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  denied: { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  removed: { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  // The passcode errors end the connection without a retry: the person types it (again).
  'passcode-required': { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  'passcode-wrong': { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  'passcode-limited': { connection: 'closes-for-good', closeCode: CloseCode.policyViolation },
  'meeting-ended': { connection: 'closes-for-good', closeCode: CloseCode.normal },
};
