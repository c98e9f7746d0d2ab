import { randomBytes, X509Certificate } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { machineIPv4, startCoturnProcess, type CoturnProcess } from '../server/index.js';
import { UsageError } from './flags.js';

export interface LocalCoturnOptions {
  readonly listenIp?: string | undefined;
  readonly port: number;
  readonly minPort: number;
  readonly maxPort: number;
  readonly realm: string;
  readonly externalIp?: string | undefined;
  readonly secret?: string | undefined;
  readonly tls?: { port: number; certFile: string; keyFile: string } | undefined;
}

export interface LocalCoturn {
  readonly process: CoturnProcess;
  /** The `confab serve` options that match this coturn. */
  readonly turnUrls: string[];
  readonly stunUrls: string[];
}

/**
 * Starts coturn for local use with the production hardening (deny list, allowed-peer-ip for
 * its own address, quotas) and a random secret unless one is given.
 */
export async function startLocalCoturn(options: LocalCoturnOptions): Promise<LocalCoturn> {
  const ip = options.listenIp ?? machineIPv4();
  if (ip === null) {
    throw new UsageError(
      'no non-loopback IPv4 address found: pass --listen-ip (browsers ignore loopback)',
    );
  }
  const process = await startCoturnProcess({
    listeningIp: ip,
    relayIp: ip,
    externalIp: options.externalIp ?? null,
    port: options.port,
    tls: options.tls ?? null,
    minPort: options.minPort,
    maxPort: options.maxPort,
    realm: options.realm,
    secret: options.secret ?? randomBytes(32).toString('base64url'),
    denyPrivatePeers: true,
    allowRelayToRelay: true,
    allowLoopbackPeers: false,
    userQuota: 24,
    totalQuota: 1200,
  });
  const publicIp = options.externalIp?.split('/')[0] ?? ip;
  const hostPort = `${publicIp}:${String(options.port)}`;
  return {
    process,
    turnUrls: [
      `turn:${hostPort}?transport=udp`,
      `turn:${hostPort}?transport=tcp`,
      // Last: browsers try every URL, and TLS over TCP is the slowest path (docs/turn.md).
      ...(options.tls === undefined
        ? []
        : [
            `turns:${turnsHost(options.tls.certFile, publicIp)}:${String(options.tls.port)}?transport=tcp`,
          ]),
    ],
    stunUrls: [`stun:${hostPort}`],
  };
}

/**
 * The host name for `turns:` URLs: browsers check the TURN server's certificate against the
 * name in the URL, so it is the certificate's first DNS name (not a wildcard); the address
 * when the certificate names none (then it must carry that IP address).
 */
export function turnsHost(certFile: string, address: string): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(certFile));
  } catch (error) {
    throw new UsageError(
      `cannot read the TLS certificate ${certFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const names = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice('DNS:'.length))
    .filter((name) => !name.includes('*'));
  return names[0] ?? address;
}

/** Shell-quotes one argument for the printed command line. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** `preferred` when it is free for UDP and TCP on `ip`, else a free port the system picks. */
export async function pickPort(ip: string, preferred: number): Promise<number> {
  if ((await tcpFree(ip, preferred)) && (await udpFree(ip, preferred))) return preferred;
  for (;;) {
    const port = await tcpFree(ip, 0);
    if (typeof port === 'number' && (await udpFree(ip, port))) return port;
  }
}

/** `preferred` when it is free for TCP on `ip`, else a free TCP port the system picks. */
export async function pickTcpPort(ip: string, preferred: number): Promise<number> {
  if (await tcpFree(ip, preferred)) return preferred;
  for (;;) {
    const port = await tcpFree(ip, 0);
    if (typeof port === 'number') return port;
  }
}

function tcpFree(ip: string, port: number): Promise<number | false> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, ip, () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : false);
      });
    });
  });
}

function udpFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      resolve(false);
    });
    socket.bind(port, ip, () => {
      socket.close(() => {
        resolve(true);
      });
    });
  });
}
