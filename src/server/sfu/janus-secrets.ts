import { createHmac, randomBytes } from 'node:crypto';

/** Shortest `--sfu-secret` accepted: the secrets Janus gets are derived from it. */
export const MIN_SFU_SECRET_CHARS = 16;

/**
 * The secrets one Janus instance is configured with. All are derived from the one SFU
 * secret that `confab sfu` prints and `confab serve --sfu-secret` takes, so an operator
 * handles a single value and Janus never sees the master secret itself.
 */
export interface JanusSecrets {
  /** Core `api_secret`: every Janus API request must carry it (`apisecret`). */
  readonly apiSecret: string;
  /** VideoRoom `admin_key`: needed to create rooms (and RTP forwarders, locked too). */
  readonly adminKey: string;
  /** Core `admin_secret`: the Admin API has no transport; this replaces Debian's default. */
  readonly adminSecret: string;
  /** Per-room `secret` confab sets on rooms it creates: needed to edit/destroy/kick. */
  readonly roomSecret: string;
}

/** A fresh random SFU secret (256 bits). */
export function randomSfuSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Thrown for an SFU secret too short to derive secrets from. */
export class SfuSecretError extends Error {
  readonly code = 'weak-sfu-secret';
  override readonly name = 'SfuSecretError';
}

/** Derives the Janus secrets from the SFU secret (HMAC-SHA256, one label per secret). */
export function deriveJanusSecrets(sfuSecret: string): JanusSecrets {
  if (sfuSecret.length < MIN_SFU_SECRET_CHARS) {
    throw new SfuSecretError(
      `the SFU secret needs at least ${String(MIN_SFU_SECRET_CHARS)} characters`,
    );
  }
  const derive = (label: string): string =>
    createHmac('sha256', sfuSecret).update(`confab janus ${label}`).digest('base64url');
  return {
    apiSecret: derive('api_secret'),
    adminKey: derive('videoroom admin_key'),
    adminSecret: derive('admin_secret'),
    roomSecret: derive('room secret'),
  };
}

/** Every secret value in `secrets`, for scrubbing logs. */
export function secretValues(secrets: JanusSecrets): string[] {
  return [secrets.apiSecret, secrets.adminKey, secrets.adminSecret, secrets.roomSecret];
}
