import type { IceServer } from '../protocol/index.js';
import type { ServerOptions } from './options.js';
import { mintTurnCredentials } from './turn-credentials.js';

export type IceConfig = Pick<
  ServerOptions,
  'stunUrls' | 'turnUrls' | 'turnSecret' | 'turnTtlSeconds'
>;

export interface IssuedIceServers {
  readonly iceServers: IceServer[];
  /** When the minted TURN credentials expire (ms since epoch); null when none were minted. */
  readonly expiresAtMs: number | null;
}

/** The ICE servers one member gets: STUN as configured, TURN with credentials bound to its id. */
export function issueIceServers(
  config: IceConfig,
  peerId: string,
  nowMs: number,
): IssuedIceServers {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length === 0 || config.turnSecret === null) {
    return { iceServers, expiresAtMs: null };
  }
  const turn = mintTurnCredentials(config.turnSecret, peerId, config.turnTtlSeconds, nowMs);
  iceServers.push({
    urls: [...config.turnUrls],
    username: turn.username,
    credential: turn.credential,
  });
  return { iceServers, expiresAtMs: turn.expiresAt * 1000 };
}

/**
 * When to push fresh credentials unasked: at 80 % of their lifetime, so a client always
 * holds valid ones for new allocations (ICE restarts, new peers), with a 1-minute margin
 * even for short TTLs.
 */
export function refreshDelayMs(issuedAtMs: number, expiresAtMs: number): number {
  const lifetime = expiresAtMs - issuedAtMs;
  return Math.max(1000, Math.min(lifetime * 0.8, lifetime - 60_000));
}
