// The servers every benchmark runs side by side: confab and its peers, each started as its
// own process on 127.0.0.1 (pinned to a core for the Node benchmarks).
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/server/test-support/ports.js';
import { startProcess, waitForPort, type RunningProcess } from '../lib/processes.js';

export type TargetName = 'confab' | 'peerjs' | 'socketio' | 'ws';

/** Round-robin order inside every repetition. */
export const TARGETS: readonly TargetName[] = ['confab', 'peerjs', 'socketio', 'ws'];

export const TARGET_LABELS: Readonly<Record<TargetName, string>> = {
  confab: 'confab',
  peerjs: 'PeerJS server 1.0.2',
  socketio: 'socket.io 4.8 minimal relay',
  ws: 'bare ws relay (floor)',
};

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export interface RunningTarget {
  readonly name: TargetName;
  readonly port: number;
  readonly process: RunningProcess;
}

export interface TargetOptions {
  /** Core to pin the server to; null leaves it unpinned (browser benchmarks). */
  readonly core: number | null;
  /** Extra confab flags (e.g. a TURN URL and secret). */
  readonly confabArgs?: readonly string[];
}

/**
 * confab's rate limit (50 msg/s per connection by default) would turn a saturation test into
 * a test of the limiter, so it is raised; the token bucket is still evaluated per frame. The
 * load generator is one address opening thousands of connections: the per-address and total
 * caps are lifted too (they are still counted per connection).
 */
const CONFAB_BENCH_FLAGS = [
  ...['--rate-limit', '1000000000', '--rate-burst', '1000000000'],
  ...['--max-connections-per-ip', '0', '--max-connections', '0'],
];

function commandFor(name: TargetName, port: number, options: TargetOptions): string[] {
  const p = String(port);
  switch (name) {
    case 'confab':
      return [
        root('dist/cli/main.js'),
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        p,
        '--static-dir',
        root('dist/web'),
        ...CONFAB_BENCH_FLAGS,
        ...(options.confabArgs ?? []),
      ];
    case 'peerjs':
      return [
        root('node_modules/peer/dist/bin/peerjs.js'),
        '--host',
        '127.0.0.1',
        '--port',
        p,
        '--concurrent_limit',
        '50000',
      ];
    case 'socketio':
      return [root('bench/servers/socketio-relay.mjs'), p];
    case 'ws':
      return [root('bench/servers/ws-relay.mjs'), p];
  }
}

export async function startTarget(
  name: TargetName,
  options: TargetOptions,
): Promise<RunningTarget> {
  const port = await freePort();
  const running = startProcess(process.execPath, commandFor(name, port, options), {
    core: options.core,
  });
  await waitForPort(port, running);
  return { name, port, process: running };
}
