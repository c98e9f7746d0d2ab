import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);

export interface RunningCoturn {
  readonly port: number;
  readonly host: string;
  readonly secret: string;
  readonly realm: string;
  /** Everything coturn printed so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface CoturnOptions {
  readonly secret: string;
  readonly realm?: string;
  /** Extra turnserver flags (e.g. deny lists). */
  readonly extraArgs?: readonly string[];
  /** Allow peers on loopback: only for tests where client and peer are on this machine. */
  readonly allowLoopbackPeers?: boolean;
}

/** Starts Debian's coturn in the foreground on 127.0.0.1 with TURN REST (use-auth-secret). */
export async function startCoturn(options: CoturnOptions): Promise<RunningCoturn> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-coturn-'));
  const port = await freePort();
  const minPort = 20000 + Math.floor(Math.random() * 400) * 100;
  const realm = options.realm ?? 'confab.test';
  const args = [
    '-n',
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${String(port)}`,
    '--use-auth-secret',
    `--static-auth-secret=${options.secret}`,
    `--realm=${realm}`,
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--fingerprint',
    `--min-port=${String(minPort)}`,
    `--max-port=${String(minPort + 99)}`,
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--userdb=${join(dir, 'turndb')}`,
    ...(options.allowLoopbackPeers === false ? [] : ['--allow-loopback-peers']),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilAnswering(child, port, () => output);
  return {
    port,
    host: '127.0.0.1',
    secret: options.secret,
    realm,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** coturn is up once a STUN binding request gets an answer. */
async function waitUntilAnswering(
  child: ChildProcess,
  port: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`turnserver exited (${String(child.exitCode)}):\n${output()}`);
    const ok = await run('turnutils_stunclient', ['-p', String(port), '127.0.0.1'], {
      timeout: 2000,
    }).then(
      () => true,
      () => false,
    );
    if (ok) return;
  }
  child.kill('SIGKILL');
  throw new Error(`turnserver did not answer STUN within 10 s:\n${output()}`);
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
