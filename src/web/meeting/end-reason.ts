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
    case 'locked':
      return { title: 'end.locked', detail: 'end.lockedDetail', canRejoin: true };
    case 'denied':
      return { title: 'end.denied', detail: 'end.deniedDetail', canRejoin: false };
    case 'removed':
      return { title: 'end.removed', detail: 'end.removedDetail', canRejoin: false };
    case 'meeting-ended':
      return { title: 'end.ended', detail: 'end.endedDetail', canRejoin: false };
    // Rejoin leads back to the page that asks for the passcode.
    case 'passcode-required':
      return {
        title: 'end.passcodeRequired',
        detail: 'end.passcodeRequiredDetail',
        canRejoin: true,
      };
    case 'passcode-wrong':
      return { title: 'end.passcodeWrong', detail: 'end.passcodeWrongDetail', canRejoin: true };
    case 'passcode-limited':
      return { title: 'end.passcodeLimited', detail: 'end.passcodeLimitedDetail', canRejoin: true };
    default:
      return { title: 'end.error', detail: 'end.errorDetail', canRejoin: true };
  }
}
