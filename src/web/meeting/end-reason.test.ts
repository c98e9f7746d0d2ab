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

  it('says why the host’s decision ended it, and offers Rejoin only where it can help', () => {
    const summary = (code: ConfabErrorCode) => [ended(code).title, ended(code).canRejoin];
    expect(summary('denied')).toEqual(['end.denied', false]);
    expect(summary('removed')).toEqual(['end.removed', false]);
    expect(summary('meeting-ended')).toEqual(['end.ended', false]);
    // The room may be unlocked later; Rejoin leads to the page that asks for the passcode.
    expect(summary('locked')).toEqual(['end.locked', true]);
    expect(summary('passcode-required')).toEqual(['end.passcodeRequired', true]);
    expect(summary('passcode-wrong')).toEqual(['end.passcodeWrong', true]);
    expect(summary('passcode-limited')).toEqual(['end.passcodeLimited', true]);
  });

  it('falls back to a generic message with the code for anything else', () => {
    expect(ended('bad-message')).toEqual({
      title: 'end.error',
      detail: 'end.errorDetail',
      canRejoin: true,
    });
  });
});
