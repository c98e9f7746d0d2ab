import {
  machineAddress,
  startCoturn,
  type RunningCoturn,
} from '../../src/server/test-support/coturn.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';
import { selfSignedCertificate } from '../../src/server/test-support/tls-cert.js';

/**
 * Chromium for TURN tests: our self-signed coturn certificate must be accepted for turns:
 * (Chromium verifies TURN TLS certificates like any other).
 */
export const TURN_TEST_LAUNCH = {
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
};

export interface TurnLab {
  readonly turn: RunningCoturn;
  readonly ip: string;
  readonly urls: { stun: string; udp: string; tcp: string; turns: string };
  stop(): Promise<void>;
}

/**
 * coturn with the production deny list on this machine's interface address (Chromium
 * ignores loopback), with TURN over TLS on a self-signed certificate.
 */
export async function startTurnLab(secret: string): Promise<TurnLab> {
  const ip = machineAddress();
  const cert = await selfSignedCertificate(ip);
  try {
    const turn = await startCoturn({ secret, host: ip, denyPrivatePeers: true, tls: cert });
    const tlsPort = turn.process.config.tls?.port ?? 0;
    const hostPort = `${ip}:${String(turn.port)}`;
    return {
      turn,
      ip,
      urls: {
        stun: `stun:${hostPort}`,
        udp: `turn:${hostPort}?transport=udp`,
        tcp: `turn:${hostPort}?transport=tcp`,
        turns: `turns:${ip}:${String(tlsPort)}?transport=tcp`,
      },
      async stop() {
        await turn.stop();
        await cert.remove();
      },
    };
  } catch (error) {
    await cert.remove();
    throw error;
  }
}
