// The lab's "public internet" services, run inside the internet namespace: coturn (STUN +
// TURN over UDP and TCP) and two confab servers, one handing out TURN credentials and one
// with STUN only.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Namespace } from './lab-net.js';
import { SERVER_ADDRESS } from './topology.js';

const CONFAB_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const TURN_PORT = 3478;
export const SECOND_STUN_PORT = 3479;
export const WITH_TURN_PORT = 8080;
export const STUN_ONLY_PORT = 8081;
const SECRET = `lab-${String(Date.now())}`;

export interface LabServices {
  /** Base URL of the confab server whose joins get TURN credentials. */
  readonly withTurn: string;
  /** Base URL of the confab server that hands out STUN only. */
  readonly stunOnly: string;
  stop(): Promise<void>;
}

export async function startServices(inet: Namespace): Promise<LabServices> {
  const dir = mkdtempSync(join(tmpdir(), 'confab-nat-lab-'));
  const children: ChildProcess[] = [];
  const start = (command: string, args: string[], ready: RegExp): Promise<void> => {
    const child = spawn('ip', ['netns', 'exec', inet.name, command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    if (process.env['LAB_DEBUG']) {
      const log = createWriteStream(
        join(
          'test-results',
          `lab-${command.split('/').pop() ?? command}-${String(children.length)}.log`,
        ),
      );
      child.stdout.pipe(log);
    }
    return waitForOutput(child, ready, `${command} in ${inet.name}`);
  };
  await start(
    'turnserver',
    [
      '-n',
      `--listening-ip=${SERVER_ADDRESS}`,
      `--relay-ip=${SERVER_ADDRESS}`,
      `--listening-port=${String(TURN_PORT)}`,
      '--use-auth-secret',
      `--static-auth-secret=${SECRET}`,
      '--realm=nat-lab.confab.test',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--fingerprint',
      '--min-port=40000',
      '--max-port=40999',
      // As in production: relay to public addresses only. The sites' LANs (198.19/16) play
      // the private ranges, denied (403) like RFC 1918 space; the lab's "internet"
      // (198.18.0/24, a benchmarking range the production template also denies) is allowed.
      // Without the deny, coturn 4.6.1 closes a TCP client's whole session when a relayed
      // send to an unroutable private address fails.
      '--denied-peer-ip=198.19.0.0-198.19.255.255',
      '--allowed-peer-ip=198.18.0.0-198.18.255.255',
      ...(process.env['LAB_DEBUG']
        ? ['--log-file=test-results/lab-coturn.log', '-V']
        : ['--log-file=stdout']),
      '--simple-log',
      `--pidfile=${join(dir, 'turn.pid')}`,
      `--userdb=${join(dir, 'turndb')}`,
    ],
    process.env['LAB_DEBUG'] ? /./ : /Total General servers/,
  );
  // A second STUN endpoint (another port): comparing the two mappings tells a symmetric
  // NAT from one that keeps its public port (the doctor's NAT verdict).
  await start(
    'turnserver',
    [
      '-n',
      '--stun-only',
      `--listening-ip=${SERVER_ADDRESS}`,
      `--listening-port=${String(SECOND_STUN_PORT)}`,
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${join(dir, 'stun.pid')}`,
      `--userdb=${join(dir, 'stundb')}`,
    ],
    /Total General servers/,
  );
  const stunUrls = [TURN_PORT, SECOND_STUN_PORT].map(
    (port) => `stun:${SERVER_ADDRESS}:${String(port)}`,
  );
  const turn = [
    `turn:${SERVER_ADDRESS}:${String(TURN_PORT)}?transport=udp`,
    `turn:${SERVER_ADDRESS}:${String(TURN_PORT)}?transport=tcp`,
  ];
  const confab = (port: number, extra: string[]) =>
    start(
      process.execPath,
      [
        CONFAB_MAIN,
        'serve',
        '--host',
        SERVER_ADDRESS,
        '--port',
        String(port),
        ...stunUrls.flatMap((url) => ['--stun-url', url]),
        '--log-level',
        'info',
        ...extra,
      ],
      /"msg":"listening"/,
    );
  await confab(WITH_TURN_PORT, [
    ...turn.flatMap((url) => ['--turn-url', url]),
    '--turn-secret',
    SECRET,
  ]);
  await confab(STUN_ONLY_PORT, []);
  return {
    withTurn: `http://${SERVER_ADDRESS}:${String(WITH_TURN_PORT)}`,
    stunOnly: `http://${SERVER_ADDRESS}:${String(STUN_ONLY_PORT)}`,
    async stop() {
      await Promise.all(children.map((child) => stopChild(child)));
      rmSync(dir, { recursive: true, force: true });
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
