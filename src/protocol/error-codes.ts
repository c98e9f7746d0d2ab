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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes after which the server closes the connection (see docs/protocol.md, "Errors"). */
export const FATAL_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'room-full',
  'unauthorized',
  'join-timeout',
  'server-shutdown',
  'unavailable',
]);

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
