export type TurnErrorCode =
  | 'unreachable'
  | 'tls'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'quota'
  | 'rejected'
  | 'bad-response'
  | 'closed';

/** A failed STUN/TURN exchange; `stunCode` is the server's ERROR-CODE when it sent one. */
export class TurnError extends Error {
  override readonly name = 'TurnError';
  constructor(
    readonly code: TurnErrorCode,
    message: string,
    readonly stunCode: number | null = null,
  ) {
    super(message);
  }
}

/** Maps a STUN ERROR-CODE to our failure code. */
export function errorFor(code: number, reason: string): TurnError {
  const text = `${String(code)} ${reason}`.trim();
  if (code === 401) return new TurnError('unauthorized', text, code);
  if (code === 403) return new TurnError('forbidden', text, code);
  if (code === 486 || code === 508) return new TurnError('quota', text, code);
  return new TurnError('rejected', text, code);
}
