import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  machineAddress,
  startCoturn,
  type RunningCoturn,
} from '../../src/server/test-support/coturn.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';

const run = promisify(execFile);

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
  const dir = await mkdtemp(join(tmpdir(), 'confab-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-subj',
    `/CN=${ip}`,
    '-addext',
    `subjectAltName=IP:${ip}`,
  ]);
  try {
    const turn = await startCoturn({
      secret,
      host: ip,
      denyPrivatePeers: true,
      tls: { certFile, keyFile },
    });
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
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
