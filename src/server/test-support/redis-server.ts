import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface RunningRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL: like a crash, nothing is saved). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence), like a restarted Redis. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  cleanup(): Promise<void>;
}

/**
 * Starts Debian's redis-server on 127.0.0.1 and a free port, without persistence;
 * `password` sets `requirepass` (and goes into `url`).
 */
export async function startRedis(password?: string): Promise<RunningRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-redis-'));
  const port = await freePort();
  const auth = password === undefined ? [] : ['--requirepass', password];
  let child: ChildProcess | null = await launch(dir, port, auth);
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (running?.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  return {
    port,
    url: `redis://${password === undefined ? '' : `:${password}@`}127.0.0.1:${String(port)}`,
    stop,
    async restart() {
      await stop();
      child = await launch(dir, port, auth);
    },
    async cleanup() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(dir: string, port: number, auth: string[]): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push(...auth);
  args.push('--dir', dir, '--daemonize', 'no', '--loglevel', 'notice');
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${String(code)}):\n${output}`));
    });
  });
  // Keep draining its output so a full pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();
  return child;
}
