// Child processes of a benchmark: servers pinned to a core, started and stopped cleanly.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { cpus } from 'node:os';

export interface RunningProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr (stdout goes to /dev/null: servers log per connection). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** CPU core to pin the process to with `taskset`; null runs it unpinned. */
  readonly core: number | null;
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts `command args` (pinned with taskset) and resolves once it runs. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): RunningProcess {
  const [file, argv] =
    options.core === null
      ? [command, args]
      : ['taskset', ['-c', String(options.core), command, ...args]];
  // taskset execs the command, so the child's pid is the server's pid.
  const child = spawn(file, argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += chunk.toString();
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  return {
    pid,
    child,
    stderr: () => stderr,
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, child: RunningProcess, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null)
      throw new Error(`server exited (${String(child.child.exitCode)}): ${child.stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on port ${String(port)} after ${String(timeoutMs)} ms`);
}

/** Pins this process (all its threads) to one core, or to all of them with null. */
export function pinSelf(core: number | null): void {
  const cpus = core === null ? `0-${String(cpuCount() - 1)}` : String(core);
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // No taskset (or one core): run unpinned; results note the core layout.
  }
}

/** Every CPU of the machine (not `nproc`, which counts only those this process may use). */
export function cpuCount(): number {
  return Math.max(1, cpus().length);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
