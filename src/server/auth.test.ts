import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { MIN_AUTH_SECRET_BYTES, mintRoomToken, verifyRoomToken } from './auth.js';

const SECRET = 'room-token-secret-for-tests-32-bytes+';

describe('room tokens', () => {
  it('admits the room named in the token until it expires', async () => {
    const token = await mintRoomToken(SECRET, 'standup', 60, 1_000_000);
    expect(await verifyRoomToken(SECRET, token, 'standup', 1_000_000)).toEqual({
      ok: true,
      mesh: false,
      host: false,
      lobby: false,
    });
    expect(await verifyRoomToken(SECRET, token, 'other', 1_000_000)).toEqual({
      ok: false,
      reason: 'token is for another room',
    });
    expect(await verifyRoomToken(SECRET, token, 'standup', 1_000_000 + 61_000)).toEqual({
      ok: false,
      reason: 'token expired',
    });
    expect(
      await verifyRoomToken('another-secret-that-is-32-bytes-long', token, 'standup', 1_000_000),
    ).toEqual({
      ok: false,
      reason: 'token invalid',
    });
  });

  it('carries the mesh claim of `confab token --mesh-only`', async () => {
    const token = await mintRoomToken(SECRET, 'quiet', 60, 1_000_000, { mesh: true });
    expect(await verifyRoomToken(SECRET, token, 'quiet', 1_000_000)).toEqual({
      ok: true,
      mesh: true,
      host: false,
      lobby: false,
    });
  });

  it('carries the host and lobby claims of `confab token --host --lobby`', async () => {
    const token = await mintRoomToken(SECRET, 'board', 60, 1_000_000, { host: true, lobby: true });
    expect(await verifyRoomToken(SECRET, token, 'board', 1_000_000)).toEqual({
      ok: true,
      mesh: false,
      host: true,
      lobby: true,
    });
    // Claims are only what the signed token says: true, nothing else counts.
    const plain = await mintRoomToken(SECRET, 'board', 60, 1_000_000);
    expect(await verifyRoomToken(SECRET, plain, 'board', 1_000_000)).toMatchObject({
      host: false,
      lobby: false,
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
    // Signed and unexpired, but without issuer and audience: not one of ours.
    const unscoped = await new SignJWT({ room: 'r' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect((await verifyRoomToken(SECRET, unscoped, 'r')).ok).toBe(false);
  });

  it('refuses tokens of another issuer or audience, and any room when asked for none', async () => {
    const scope = { issuer: 'meet.example.org', audience: 'meet.example.org' };
    const token = await mintRoomToken(SECRET, 'r', 60, Date.now(), { scope });
    expect(await verifyRoomToken(SECRET, token, 'r', Date.now(), scope)).toEqual({
      ok: true,
      mesh: false,
      host: false,
      lobby: false,
    });
    expect(await verifyRoomToken(SECRET, token, null, Date.now(), scope)).toEqual({
      ok: true,
      mesh: false,
      host: false,
      lobby: false,
    });
    for (const other of [
      { issuer: 'meet.example.org', audience: 'other' },
      { issuer: 'other', audience: 'meet.example.org' },
    ])
      expect(await verifyRoomToken(SECRET, token, 'r', Date.now(), other)).toEqual({
        ok: false,
        reason: 'token is for another deployment (issuer or audience)',
      });
  });

  it('refuses to mint with a secret shorter than 32 bytes', async () => {
    await expect(mintRoomToken('x'.repeat(MIN_AUTH_SECRET_BYTES - 1), 'r', 60)).rejects.toThrow(
      /at least 32 bytes/,
    );
  });
});
