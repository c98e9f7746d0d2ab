import { describe, expect, it } from 'vitest';
import { connectionOf } from './connection-state.js';

describe('connectionOf', () => {
  it('unsupported beats everything; the carrying path decides the rest', () => {
    const base = { webrtc: true, carrier: 'mesh' as const, mesh: null, sfu: null };
    expect(connectionOf({ ...base, webrtc: false }).state).toBe('unsupported');
    expect(connectionOf(base).state).toBe('connecting');
    expect(
      connectionOf({ ...base, mesh: { state: 'failed', failure: 'connect-timeout' } }),
    ).toEqual({
      state: 'failed',
      failure: 'connect-timeout',
    });
    expect(
      connectionOf({ ...base, mesh: { state: 'connected', failure: null }, sfu: 'failed' }).state,
    ).toBe('connected');
    const sfu = { ...base, carrier: 'sfu' as const };
    expect(connectionOf({ ...sfu, sfu: 'closed' }).state).toBe('connecting');
    expect(connectionOf({ ...sfu, sfu: 'reconnecting' }).state).toBe('reconnecting');
    expect(connectionOf({ ...sfu, sfu: 'failed' })).toEqual({
      state: 'failed',
      failure: 'ice-failed',
    });
  });
});
