import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** Claims of a room token: it admits its bearer to one room until `exp`. */
export interface RoomTokenClaims {
  readonly room: string;
  /** The bearer's join pins the room to the mesh (`confab token --mesh-only`). */
  readonly mesh?: boolean;
  /** The bearer is the room's host (`confab token --host`): past lobby, lock and passcode. */
  readonly host?: boolean;
  /** A room the bearer's join opens has its lobby on (`confab token --lobby`). */
  readonly lobby?: boolean;
}

/** What a room token's claims let its bearer do besides joining. */
export interface TokenClaims {
  readonly mesh: boolean;
  readonly host: boolean;
  readonly lobby: boolean;
}

/**
 * Whose tokens these are. Deployments that share a secret (or reuse one by mistake) still
 * refuse each other's tokens when their issuer or audience differ.
 */
export interface TokenScope {
  readonly issuer: string;
  readonly audience: string;
}

export const DEFAULT_TOKEN_SCOPE: TokenScope = { issuer: 'confab', audience: 'confab' };

/**
 * HS256 keys shorter than the hash are guessable offline from one token (RFC 7518 §3.2
 * requires at least 256 bits); `openssl rand -base64 32` gives one.
 */
export const MIN_AUTH_SECRET_BYTES = 32;

const ALGORITHM = 'HS256';

/** A room-token secret that is too short to be safe; `code` is stable for programs. */
export class WeakSecretError extends Error {
  readonly code = 'weak-secret';
  override readonly name = 'WeakSecretError';
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Mints a room token (JWT, HS256) for `confab token` and for apps that embed confab. */
export async function mintRoomToken(
  secret: string,
  room: string,
  ttlSeconds: number,
  nowMs: number = Date.now(),
  options: Partial<TokenClaims> & { readonly scope?: TokenScope } = {},
): Promise<string> {
  const scope = options.scope ?? DEFAULT_TOKEN_SCOPE;
  if (Buffer.byteLength(secret) < MIN_AUTH_SECRET_BYTES) {
    throw new WeakSecretError(
      `the room-token secret must be at least ${String(MIN_AUTH_SECRET_BYTES)} bytes`,
    );
  }
  const issuedAt = Math.floor(nowMs / 1000);
  const claims: RoomTokenClaims = {
    room,
    ...(options.mesh === true ? { mesh: true } : {}),
    ...(options.host === true ? { host: true } : {}),
    ...(options.lobby === true ? { lobby: true } : {}),
  };
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(scope.issuer)
    .setAudience(scope.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(keyOf(secret));
}

export type TokenCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };
/** A valid room token and its claims. */
export type RoomTokenCheck =
  ({ readonly ok: true } & TokenClaims) | { readonly ok: false; readonly reason: string };

/**
 * Verifies that `token` is an unexpired HS256 JWT signed with `secret`, of this issuer and
 * audience, whose `room` claim is `room` (any room when `room` is null: for endpoints that
 * serve a deployment rather than one room, like the connection doctor's). Other algorithms
 * (including `none`) are refused.
 */
export async function verifyRoomToken(
  secret: string,
  token: string,
  room: string | null,
  nowMs: number = Date.now(),
  scope: TokenScope = DEFAULT_TOKEN_SCOPE,
): Promise<RoomTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: scope.issuer,
      audience: scope.audience,
      requiredClaims: ['exp', 'room', 'iss', 'aud'],
      currentDate: new Date(nowMs),
    });
    if (room !== null && payload['room'] !== room)
      return { ok: false, reason: 'token is for another room' };
    return {
      ok: true,
      mesh: payload['mesh'] === true,
      host: payload['host'] === true,
      lobby: payload['lobby'] === true,
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'token expired' };
    if (
      error instanceof joseErrors.JWTClaimValidationFailed &&
      (error.claim === 'iss' || error.claim === 'aud')
    )
      return { ok: false, reason: 'token is for another deployment (issuer or audience)' };
    return { ok: false, reason: 'token invalid' };
  }
}
