/**
 * Why a Janus request or connection failed; stable for programs:
 * - `janus-unreachable`: no WebSocket to Janus (connect failed, or the connection dropped).
 * - `janus-timeout`: Janus did not answer a request in time (it may be stuck or overloaded).
 * - `janus-error`: Janus answered with an error; `janusCode` is its code (403 bad apisecret,
 *   426 no such room, 429 missing element such as admin_key, ...).
 * - `janus-protocol`: Janus sent a frame we do not understand (wrong version or a bug).
 * - `janus-session-lost`: Janus timed out or destroyed our session; the client is unusable.
 * - `janus-overloaded`: too many requests in flight or too many bytes queued (bounded).
 * - `janus-invalid-state`: the handle's state does not allow the request (e.g. an ICE
 *   restart while Janus's last offer is unanswered: Janus would never reply).
 * - `janus-closed`: the client was closed by its owner.
 */
export type JanusClientErrorCode =
  | 'janus-unreachable'
  | 'janus-timeout'
  | 'janus-error'
  | 'janus-protocol'
  | 'janus-session-lost'
  | 'janus-overloaded'
  | 'janus-invalid-state'
  | 'janus-closed';

export class JanusClientError extends Error {
  override readonly name = 'JanusClientError';
  constructor(
    readonly code: JanusClientErrorCode,
    message: string,
    /** Janus's own error code for `janus-error` (core 4xx or plugin 4xx), else null. */
    readonly janusCode: number | null = null,
  ) {
    super(message);
  }
}

/** Janus core error codes we react to (src/apierror.h). */
export const JANUS_CORE_ERROR = {
  unauthorized: 403,
  sessionNotFound: 458,
  handleNotFound: 459,
  invalidSdp: 465,
} as const;

/** VideoRoom plugin error codes we react to (janus_videoroom.c). */
export const VIDEOROOM_ERROR = {
  noSuchRoom: 426,
  roomExists: 427,
  noSuchFeed: 428,
  missingElement: 429,
  publishersFull: 432,
  unauthorized: 433,
  idExists: 436,
  invalidSdp: 437,
} as const;

export type JanusErrorCode = 'not-installed' | 'failed-to-start';

/** Janus could not be started; `code` is stable for programs. */
export class JanusError extends Error {
  override readonly name = 'JanusError';
  constructor(
    readonly code: JanusErrorCode,
    message: string,
  ) {
    super(message);
  }
}
