import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintRoomToken, verifyRoomToken } from './auth.js';

const SECRET = 'room-token-secret-for-tests';

describe('room tokens', () => {
  it('admits the room named in the token until it expires', async () => {
    const token = await mintRoomToken(SECRET, 'standup', 60, 1_000_000);
    expect(await verifyRoomToken(SECRET, token, 'standup', 1_000_000)).toEqual({
      ok: true,
      mesh: false,
    });
    expect(await verifyRoomToken(SECRET, token, 'other', 1_000_000)).toEqual({
      ok: false,
      reason: 'token is for another room',
    });
    expect(await verifyRoomToken(SECRET, token, 'standup', 1_000_000 + 61_000)).toEqual({
      ok: false,
      reason: 'token expired',
    });
    expect(await verifyRoomToken('another-secret', token, 'standup', 1_000_000)).toEqual({
      ok: false,
      reason: 'token invalid',
    });
  });

  it('carries the mesh claim of `confab token --mesh-only`', async () => {
    const token = await mintRoomToken(SECRET, 'quiet', 60, 1_000_000, { mesh: true });
    expect(await verifyRoomToken(SECRET, token, 'quiet', 1_000_000)).toEqual({
      ok: true,
      mesh: true,
    });
  });

  it('refuses unsigned tokens and tokens without an expiry', async () => {
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const body = Buffer.from('{"room":"r","exp":9999999999}').toString('base64url');
    expect((await verifyRoomToken(SECRET, `${header}.${body}.`, 'r')).ok).toBe(false);
    const noExp = await new SignJWT({ room: 'r' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
    expect((await verifyRoomToken(SECRET, noExp, 'r')).ok).toBe(false);
    expect((await verifyRoomToken(SECRET, 'garbage', 'r')).ok).toBe(false);
  });
});
