import type { ConfabError } from '../../client/index.js';
import type { MessageKey } from '../i18n/i18n.js';

export interface EndReason {
  readonly title: MessageKey;
  readonly detail: MessageKey | null;
  /** Offer "Rejoin": worth trying again right away. */
  readonly canRejoin: boolean;
}

/** What the end screen says for how the meeting ended (null: we left on purpose). */
export function endReason(error: Pick<ConfabError, 'code'> | null): EndReason {
  if (error === null) return { title: 'end.left', detail: null, canRejoin: true };
  switch (error.code) {
    case 'room-full':
      return { title: 'end.roomFull', detail: 'end.roomFullDetail', canRejoin: true };
    case 'unauthorized':
      return { title: 'end.unauthorized', detail: 'end.unauthorizedDetail', canRejoin: false };
    // An administrator acted (the admin page): rejoining would only undo it.
    case 'removed':
      return { title: 'end.removed', detail: null, canRejoin: false };
    case 'room-ended':
      return { title: 'end.roomEnded', detail: null, canRejoin: false };
    case 'server-shutdown':
    case 'unavailable':
    case 'reconnect-gave-up':
      return { title: 'end.serverGone', detail: 'end.serverGoneDetail', canRejoin: true };
    case 'connection-failed':
    case 'signaling-timeout':
    case 'join-timeout':
      return {
        title: 'end.connectionFailed',
        detail: 'end.connectionFailedDetail',
        canRejoin: true,
      };
    default:
      return { title: 'end.error', detail: 'end.errorDetail', canRejoin: true };
  }
}
