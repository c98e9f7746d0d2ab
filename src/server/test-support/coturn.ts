import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { startCoturnProcess, type CoturnProcess } from '../coturn/coturn-process.js';
import { machineIPv4 } from '../coturn/machine-address.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

export interface RunningCoturn {
  readonly port: number;
  readonly host: string;
  readonly secret: string;
  readonly realm: string;
  readonly process: CoturnProcess;
  /** Everything coturn printed so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface CoturnOptions {
  readonly secret: string;
  readonly realm?: string;
  /** Address to listen and relay on; default 127.0.0.1 (browsers need `machineAddress()`). */
  readonly host?: string;
  /** The production deny list (plus allowed-peer-ip for the relay address). */
  readonly denyPrivatePeers?: boolean;
  /** Leave out allowed-peer-ip for the relay's own address (reproduces a misconfiguration). */
  readonly allowRelayToRelay?: boolean;
  /** Allow peers on loopback: only for tests where client and peer are on this machine. */
  readonly allowLoopbackPeers?: boolean;
  /** TURN over TLS on a second port with this certificate. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** Run inside this network namespace (deny-list probes). */
  readonly netns?: string;
  readonly port?: number;
  /** Relay port range; default a random block of 100 (enough for a test, not a benchmark). */
  readonly relayPorts?: { readonly min: number; readonly max: number };
}

/**
 * Starts Debian's coturn in the foreground (unprivileged, temp dir) with TURN REST
 * (use-auth-secret), through the same code as `confab turn`.
 */
export async function startCoturn(options: CoturnOptions): Promise<RunningCoturn> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const minPort = options.relayPorts?.min ?? 20000 + Math.floor(Math.random() * 400) * 100;
  const realm = options.realm ?? 'confab.test';
  const tls = options.tls === undefined ? null : { port: await freePort(), ...options.tls };
  const process = await startCoturnProcess({
    listeningIp: host,
    relayIp: host,
    externalIp: null,
    port,
    tls,
    minPort,
    maxPort: options.relayPorts?.max ?? minPort + 99,
    realm,
    secret: options.secret,
    denyPrivatePeers: options.denyPrivatePeers ?? false,
    allowRelayToRelay: options.allowRelayToRelay ?? true,
    allowLoopbackPeers: options.allowLoopbackPeers ?? host === '127.0.0.1',
    userQuota: 0,
    totalQuota: 0,
    ...(options.netns === undefined ? {} : { netns: options.netns }),
  });
  return {
    port,
    host,
    secret: options.secret,
    realm,
    process,
    log: () => process.log(),
    stop: () => process.stop(),
  };
}

/** This machine's first non-loopback IPv4 address: Chromium ignores loopback for ICE. */
export function machineAddress(): string {
  const address = machineIPv4();
  if (address === null) {
    throw new Error('this machine has no non-loopback IPv4 address; browser TURN tests need one');
  }
  return address;
}

export interface AllocationResult {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Allocates a relay with `turnutils_uclient` and sends a few packets through it to an echo
 * peer on this machine. `ok` means the allocation succeeded and data came back.
 */
export async function allocateWith(
  turn: RunningCoturn,
  username: string,
  credential: string,
  peer: { host: string; port: number },
): Promise<AllocationResult> {
  const args = [
    '-p',
    String(turn.port),
    '-u',
    username,
    '-w',
    credential,
    '-e',
    peer.host,
    '-r',
    String(peer.port),
  ];
  args.push('-n', '3', '-m', '1', '-l', '100', '-c', '-z', '5', turn.host);
  const result = await run('turnutils_uclient', args, { timeout: 20_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: unknown) => {
      const failure = error as { code?: unknown; stdout?: string; stderr?: string };
      return {
        code: typeof failure.code === 'number' ? failure.code : 1,
        output: `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
      };
    },
  );
  const received = /tot_recv_msgs=(\d+)/.exec(result.output.split('\n').reverse().join('\n'));
  const ok =
    result.code === 0 &&
    !result.output.includes('Cannot complete Allocation') &&
    Number(received?.[1] ?? 0) > 0;
  return { ok, output: result.output };
}

/** A UDP echo server on 127.0.0.1: the peer a TURN client relays test packets to. */
export async function startEchoPeer(): Promise<{
  host: string;
  port: number;
  stop(): Promise<void>;
}> {
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    socket.send(message, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => {
    socket.bind(0, '127.0.0.1', resolve);
  });
  return {
    host: '127.0.0.1',
    port: socket.address().port,
    stop: () =>
      new Promise<void>((resolve) => {
        socket.close(() => {
          resolve();
        });
      }),
  };
}
