import { createHmac } from 'node:crypto';

export interface TurnCredentials {
  /** `<unix expiry seconds>:<user>`, the username format coturn's `use-auth-secret` expects. */
  readonly username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  readonly credential: string;
  /** Expiry as Unix seconds (also the username's prefix). */
  readonly expiresAt: number;
}

/**
 * Mints short-lived TURN credentials by the TURN REST scheme
 * (draft-uberti-behave-turn-rest-00; coturn `use-auth-secret`). Pure: `nowMs` is a parameter
 * so tests can pin time. `user` is the peer id, so coturn's per-user quota is per member.
 */
export function mintTurnCredentials(
  secret: string,
  user: string,
  ttlSeconds: number,
  nowMs: number,
): TurnCredentials {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${String(expiresAt)}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}
