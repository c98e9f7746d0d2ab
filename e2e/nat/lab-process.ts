// Long-running programs of the lab (coturn, confab servers) inside a namespace: started,
// awaited until they say they are ready, stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Namespace } from './lab-net.js';

export interface LabProcesses {
  /** Starts `command` in `ns`; resolves once its output matches `ready`. */
  start(
    ns: Namespace,
    command: string,
    args: readonly string[],
    ready: RegExp,
    env?: NodeJS.ProcessEnv,
  ): Promise<void>;
  stopAll(): Promise<void>;
}

export function labProcesses(): LabProcesses {
  const children: ChildProcess[] = [];
  return {
    start(ns, command, args, ready, env = {}) {
      const child = spawn('ip', ['netns', 'exec', ns.name, command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      });
      children.push(child);
      if (process.env['LAB_DEBUG']) {
        const name = `lab-${command.split('/').pop() ?? command}-${String(children.length)}.log`;
        const log = createWriteStream(join('test-results', name));
        child.stdout.pipe(log);
        child.stderr.pipe(log);
      }
      return waitForOutput(child, ready, `${command} in ${ns.name}`);
    },
    async stopAll() {
      await Promise.all(children.map((child) => stopChild(child)));
    },
  };
}

function waitForOutput(child: ChildProcess, ready: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`${what} did not start:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${String(code)}):\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
