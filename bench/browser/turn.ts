// coturn for relay-only runs: Debian's turnserver on 127.0.0.1 with TURN REST credentials
// (the same scheme confab's server mints for its clients).
import { mintTurnCredentials } from '../../src/server/turn-credentials.js';
import { startCoturn, type RunningCoturn } from '../../src/server/test-support/coturn.js';

const SECRET = 'bench-turn-secret';

export interface BenchTurn {
  readonly url: string;
  readonly secret: string;
  /** Credentials for pages that do not get them from confab (PeerJS arm, floor). */
  iceServers(user: string): RTCIceServer[];
  stop(): Promise<void>;
}

export async function startTurn(): Promise<BenchTurn> {
  const coturn: RunningCoturn = await startCoturn({
    secret: SECRET,
    allowLoopbackPeers: true,
    // Closed contexts do not always release their allocations; the test helper's 100 relay
    // ports would run out over a benchmark's hundreds of connections.
    relayPorts: { min: 30000, max: 45000 },
  });
  const url = `turn:127.0.0.1:${String(coturn.port)}?transport=udp`;
  return {
    url,
    secret: SECRET,
    iceServers(user) {
      const { username, credential } = mintTurnCredentials(SECRET, user, 3600, Date.now());
      return [{ urls: [url], username, credential }];
    },
    stop: () => coturn.stop(),
  };
}
