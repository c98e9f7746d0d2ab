import type { ConnectionFailure, ConnectionState, ConnectionStats } from '../../client/index.js';
import { HIGH_RTT_MS } from '../../protocol/diagnostics/upload.js';
import type { MessageKey } from '../i18n/i18n.js';

/** Above this round-trip time people start talking over each other (the doctor's too). */
export { HIGH_RTT_MS };

/** Without TURN, a connection still checking after this long will most likely fail. */
export const SLOW_CONNECT_MS = 10_000;

export interface HintInput {
  readonly state: ConnectionState;
  /** Why a `failed` connection failed, when the call knows. */
  readonly failure?: ConnectionFailure | null;
  readonly stats: ConnectionStats | null;
  /** Incoming bits per second over the last interval; null when unknown. */
  readonly bitrate: number | null;
  readonly turnConfigured: boolean;
  /** The participant says it sends audio or video (so silence on the wire is a problem). */
  readonly expectsMedia: boolean;
  /** The connection was connected at some point (else ICE trouble means it never could). */
  readonly everConnected: boolean;
  /** How long the connection has been in `connecting`. */
  readonly connectingForMs: number;
}

export interface Hint {
  readonly key: Extract<MessageKey, `hint.${string}`>;
  readonly params?: { readonly ms: number };
  readonly severity: 'warning' | 'error';
}

/**
 * The one-line, plain-language explanation a tile shows when a connection is not as it
 * should be; null when all is well. First matching rule wins, worst first.
 */
export function connectionHint(input: HintInput): Hint | null {
  const { state, stats } = input;
  switch (state) {
    case 'unsupported':
      return { key: 'hint.unsupported', severity: 'error' };
    case 'failed':
      if (input.failure === 'no-peer-connection')
        return { key: 'hint.noPeerConnection', severity: 'error' };
      if (input.failure === 'remote-no-peer-connection')
        return { key: 'hint.remoteNoPeerConnection', severity: 'error' };
      return {
        key: input.turnConfigured ? 'hint.failedTurn' : 'hint.failedNoTurn',
        severity: 'error',
      };
    case 'reconnecting':
      // Restarts of a connection that never worked are retries, not a reconnection.
      if (!input.everConnected) {
        return {
          key: input.turnConfigured ? 'hint.failedTurn' : 'hint.failedNoTurn',
          severity: 'error',
        };
      }
      return { key: 'hint.reconnecting', severity: 'warning' };
    case 'connecting':
      return !input.turnConfigured && input.connectingForMs >= SLOW_CONNECT_MS
        ? { key: 'hint.slowConnecting', severity: 'warning' }
        : null;
    case 'closed':
      return null;
    case 'connected':
      break;
  }
  if (stats?.localType === 'relay' && (stats.protocol === 'tcp' || stats.protocol === 'tls'))
    return { key: 'hint.relayTcpLocal', severity: 'warning' };
  // Behind one NAT, on one network, and still relayed: no direct path between the two
  // exists there (guest Wi-Fi with client isolation, a NAT that does not hairpin).
  if (
    stats?.samePublicAddress === true &&
    (stats.localType === 'relay' || stats.remoteType === 'relay')
  )
    return { key: 'hint.isolated', severity: 'warning' };
  if (stats?.localType !== 'relay' && stats?.protocol === 'tcp')
    return { key: 'hint.tcpDirect', severity: 'warning' };
  if (stats !== null && stats.rttMs !== null && stats.rttMs > HIGH_RTT_MS)
    return { key: 'hint.highRtt', params: { ms: stats.rttMs }, severity: 'warning' };
  if (input.bitrate === 0 && input.expectsMedia)
    return { key: 'hint.noMedia', severity: 'warning' };
  return null;
}

/** True when any of the ICE servers is a TURN relay (else "connection failed" has one cause). */
export function hasTurnServer(servers: readonly RTCIceServer[]): boolean {
  return servers.some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url)),
  );
}
