import { describe, expect, it } from 'vitest';
import { classifyMediaError, mediaProblem } from './media-errors.js';

const named = (name: string) => Object.assign(new Error(name), { name });

describe('classifyMediaError', () => {
  it('reads DOMException names, old and new', () => {
    expect(classifyMediaError(named('NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(named('PermissionDeniedError'))).toBe('denied');
    expect(classifyMediaError(named('NotFoundError'))).toBe('absent');
    expect(classifyMediaError(named('OverconstrainedError'))).toBe('absent');
    expect(classifyMediaError(named('NotReadableError'))).toBe('busy');
    expect(classifyMediaError({ name: 'AbortError' })).toBe('busy');
    expect(classifyMediaError(named('TypeError'))).toBe('failed');
    expect(classifyMediaError('weird')).toBe('failed');
  });
});

describe('mediaProblem', () => {
  it('is nothing when both work', () => {
    expect(mediaProblem('ok', 'ok')).toBeNull();
  });

  it('tells a missing camera or microphone apart from none at all', () => {
    expect(mediaProblem('none', 'ok')).toBe('no-camera');
    expect(mediaProblem('absent', 'ok')).toBe('no-camera');
    expect(mediaProblem('ok', 'none')).toBe('no-microphone');
    expect(mediaProblem('none', 'none')).toBe('no-devices');
    expect(mediaProblem('absent', 'none')).toBe('no-devices');
  });

  it('puts a denied permission first', () => {
    expect(mediaProblem('denied', 'denied')).toBe('denied');
    expect(mediaProblem('denied', 'none')).toBe('denied');
    expect(mediaProblem('denied', 'ok')).toBe('camera-denied');
    expect(mediaProblem('ok', 'denied')).toBe('denied');
  });

  it('reports a busy or broken device', () => {
    expect(mediaProblem('busy', 'ok')).toBe('busy');
    expect(mediaProblem('ok', 'failed')).toBe('failed');
  });
});
