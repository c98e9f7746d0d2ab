import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** Claims of a room token: it admits its bearer to one room until `exp`. */
export interface RoomTokenClaims {
  readonly room: string;
  /** The bearer's join pins the room to the mesh (`confab token --mesh-only`). */
  readonly mesh?: boolean;
}

const ALGORITHM = 'HS256';

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Mints a room token (JWT, HS256) for `confab token` and for apps that embed confab. */
export async function mintRoomToken(
  secret: string,
  room: string,
  ttlSeconds: number,
  nowMs: number = Date.now(),
  options: { readonly mesh?: boolean } = {},
): Promise<string> {
  const issuedAt = Math.floor(nowMs / 1000);
  const claims: RoomTokenClaims = options.mesh === true ? { room, mesh: true } : { room };
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(keyOf(secret));
}

export type TokenCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };
/** A valid room token, and whether it pins the room to the mesh. */
export type RoomTokenCheck =
  { readonly ok: true; readonly mesh: boolean } | { readonly ok: false; readonly reason: string };

/**
 * Verifies that `token` is an unexpired HS256 JWT signed with `secret` whose `room` claim
 * is `room`. Other algorithms (including `none`) are refused.
 */
export async function verifyRoomToken(
  secret: string,
  token: string,
  room: string,
  nowMs: number = Date.now(),
): Promise<RoomTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'room'],
      currentDate: new Date(nowMs),
    });
    if (payload['room'] !== room) return { ok: false, reason: 'token is for another room' };
    return { ok: true, mesh: payload['mesh'] === true };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'token expired' };
    return { ok: false, reason: 'token invalid' };
  }
}

/**
 * Verifies a room token for any room: for endpoints that serve a deployment rather than one
 * room (the connection doctor's ICE servers). Same algorithm and expiry rules.
 */
export async function verifyAnyRoomToken(
  secret: string,
  token: string,
  nowMs: number = Date.now(),
): Promise<TokenCheck> {
  try {
    await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'room'],
      currentDate: new Date(nowMs),
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'token expired' };
    return { ok: false, reason: 'token invalid' };
  }
}
