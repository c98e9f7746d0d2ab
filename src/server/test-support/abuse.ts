import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import type { ServerOptions } from '../options.js';
import { startTestServer, type RunningServer } from './test-server.js';

/**
 * Prints one figure of the abuse suite as a JSON line (`{"abuse": ..., ...}`), so a run's
 * output says what was measured, not only that it passed.
 */
export function reportFigure(name: string, figures: Record<string, unknown>): void {
  // eslint-disable-next-line no-console -- the figure is what the test reports
  console.log(JSON.stringify({ abuse: name, ...figures }));
}

/** One parsed log line of a server under attack. */
export type LogLine = Record<string, unknown> & { readonly level: number; readonly msg: string };

/** A real in-process server whose log lines (info and up) are kept for the test to count. */
export async function startLoggedServer(
  options: Partial<ServerOptions>,
): Promise<{ running: RunningServer; lines: LogLine[]; logger: Logger }> {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  const running = await startTestServer(options, undefined, { logger });
  return { running, lines, logger };
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for ${String(pid)}`);
  return Number(kib) * 1024;
}

/** A small deterministic PRNG (mulberry32): fuzz runs are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MB = 1024 * 1024;

export interface ChildServer {
  readonly pid: number;
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

/** Runs a server in a child process (server-child.ts) with these options. */
export async function startChildServer(options: Partial<ServerOptions>): Promise<ChildServer> {
  const entry = fileURLToPath(new URL('./server-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"port"'));
      if (line !== undefined) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      reject(new Error(`server child exited (${String(code)})`));
    });
  });
  const httpUrl = `http://127.0.0.1:${String(port)}`;
  return {
    pid: child.pid ?? 0,
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${String(port)}/ws`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One gauge or counter value from a Prometheus text exposition. */
export async function metricValue(httpUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.split(' ')[1]);
}
