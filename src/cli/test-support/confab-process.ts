import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ConfabProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** Waits for a log line matching `predicate`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the real CLI (src/cli/main.ts through tsx) as a child process; inside network
 * namespace `netns` (`ip netns exec`, root only) when given.
 */
export function runConfab(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  netns?: string,
): ConfabProcess {
  const command = [process.execPath, '--import', 'tsx', MAIN, ...args];
  const [file, ...argv] =
    netns === undefined ? command : ['ip', 'netns', 'exec', netns, ...command];
  return runProgram(file ?? process.execPath, argv, { ...process.env, ...env });
}

/** Runs any confab executable (e.g. an installed package's bin) the way `runConfab` does. */
export function runProgram(
  file: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): ConfabProcess {
  const child = spawn(file, argv, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      wake();
      resolve({ code, signal });
    });
  });
  const logs = (): Record<string, unknown>[] =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    logs,
    async waitForLog(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = logs().find(predicate);
        if (line) return line;
        if (child.exitCode !== null) throw new Error(`confab exited early:\n${out}\n${err}`);
        if (Date.now() > deadline)
          throw new Error(`no matching log line within ${String(timeoutMs)} ms:\n${out}\n${err}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          waiters.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        waiters.clear();
      }
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Runs the CLI to completion and returns its output and status. */
export async function runConfabToEnd(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const proc = runConfab(args, env);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
