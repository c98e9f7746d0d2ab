import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A doctor token lives this long: one diagnostic run takes seconds. */
export const DOCTOR_TOKEN_TTL_SECONDS = 600;

export type DoctorTokenCheck =
  | { readonly ok: true; readonly id: string; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: string };

const FORMAT = /^([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Short-lived tokens for the connection doctor: `<id>.<unix expiry>.<HMAC>`. The TURN
 * credentials minted for a token belong to the TURN user `doctor-<id>` until the token
 * expires, however often it is presented, so coturn's per-user quota holds for the doctor
 * too. The key is derived from a secret every node of a deployment shares (room-token
 * secret, else TURN secret), so any node accepts another's tokens; without either it is
 * random per process (and there are no TURN credentials to protect).
 */
export class DoctorTokens {
  readonly #key: Buffer;

  constructor(sharedSecret: string | null) {
    this.#key =
      sharedSecret === null
        ? randomBytes(32)
        : createHmac('sha256', sharedSecret).update('confab doctor token v1').digest();
  }

  mint(nowMs: number = Date.now()): { readonly token: string; readonly expiresAt: number } {
    const id = randomBytes(16).toString('base64url');
    const expiresAt = Math.floor(nowMs / 1000) + DOCTOR_TOKEN_TTL_SECONDS;
    return { token: `${id}.${String(expiresAt)}.${this.#sign(id, expiresAt)}`, expiresAt };
  }

  verify(token: string, nowMs: number = Date.now()): DoctorTokenCheck {
    const match = FORMAT.exec(token);
    if (match === null) return { ok: false, reason: 'not a doctor token' };
    const [, id = '', expiry = '', signature = ''] = match;
    const expiresAt = Number(expiry);
    const expected = Buffer.from(this.#sign(id, expiresAt));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'doctor token invalid' };
    if (expiresAt <= Math.floor(nowMs / 1000)) return { ok: false, reason: 'doctor token expired' };
    return { ok: true, id, expiresAt };
  }

  #sign(id: string, expiresAt: number): string {
    return createHmac('sha256', this.#key)
      .update(`${id}.${String(expiresAt)}`)
      .digest('base64url');
  }
}
