import type { ErrorCode } from '../protocol/index.js';

/**
 * Stable error codes of the client library. Server error codes (protocol v1) pass through
 * unchanged; the others are the library's own.
 */
export type ConfabErrorCode =
  | ErrorCode
  | 'connection-failed'
  | 'reconnect-gave-up'
  | 'signaling-timeout'
  | 'invalid-state'
  | 'negotiation-failed'
  | 'ice-restart-failed'
  | 'bad-peer-message'
  | 'peer-connection-failed'
  | 'closed';

/** The one error class of the library; branch on `code`, show `message`. */
export class ConfabError extends Error {
  override readonly name = 'ConfabError';

  constructor(
    readonly code: ConfabErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static invalidState(what: string): ConfabError {
    return new ConfabError('invalid-state', what);
  }

  static closed(what: string): ConfabError {
    return new ConfabError('closed', `${what} is closed`);
  }
}

/** Turns anything thrown into an Error (for `catch (e: unknown)`). */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
