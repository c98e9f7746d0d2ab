import { describe, expect, it } from 'vitest';
import type { ConfabErrorCode } from '../../client/index.js';
import { endReason } from './end-reason.js';

const ended = (code: ConfabErrorCode) => endReason({ code });

describe('endReason', () => {
  it('says we left when we did', () => {
    expect(endReason(null)).toEqual({ title: 'end.left', detail: null, canRejoin: true });
  });

  it('gives room full, unauthorized and a vanished server their own words', () => {
    expect(ended('room-full').title).toBe('end.roomFull');
    expect(ended('unauthorized')).toEqual({
      title: 'end.unauthorized',
      detail: 'end.unauthorizedDetail',
      canRejoin: false,
    });
    expect(ended('reconnect-gave-up').title).toBe('end.serverGone');
    expect(ended('server-shutdown').title).toBe('end.serverGone');
    expect(ended('connection-failed').title).toBe('end.connectionFailed');
  });

  it('offers no rejoin after an administrator removed us or ended the room', () => {
    expect(ended('removed')).toEqual({ title: 'end.removed', detail: null, canRejoin: false });
    expect(ended('room-ended')).toEqual({ title: 'end.roomEnded', detail: null, canRejoin: false });
  });

  it('falls back to a generic message with the code for anything else', () => {
    expect(ended('bad-message')).toEqual({
      title: 'end.error',
      detail: 'end.errorDetail',
      canRejoin: true,
    });
  });
});
