// The lab's "public internet" services, run inside the internet namespace: a dual-stack
// coturn (STUN + TURN over UDP and TCP on IPv4 and IPv6), confab servers in front of it (one
// handing out TURN credentials and one with STUN only, on IPv4; the same pair by host name
// for both address families), and an edge server for networks that let out only web traffic: `confab serve
// --with-turn` on port 80 with TURN over TLS on 443.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Namespace } from './lab-net.js';
import { labProcesses, type LabProcesses } from './lab-process.js';
import type { LabTrust } from './lab-trust.js';
import { EDGE_ADDRESS, LAB_NAMES, SERVER_ADDRESS, SERVER_ADDRESS6 } from './lab-addresses.js';

const CONFAB_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const TURN_PORT = 3478;
export const SECOND_STUN_PORT = 3479;
export const WITH_TURN_PORT = 8080;
export const STUN_ONLY_PORT = 8081;
export const DUAL_STACK_PORT = 8082;
export const DUAL_STACK_STUN_ONLY_PORT = 8083;
const SECRET = `lab-${String(Date.now())}`;

export interface LabServices {
  /** Base URL of the confab server whose joins get TURN credentials. */
  readonly withTurn: string;
  /** Base URL of the confab server that hands out STUN only. */
  readonly stunOnly: string;
  /** By host name (A and AAAA): TURN and STUN by name, reachable over IPv4 and IPv6. */
  readonly dualStack: string;
  /** The same with STUN only. */
  readonly dualStackStunOnly: string;
  /** Port 80, and its own coturn with TURN over TLS on 443 (`confab serve --with-turn`). */
  readonly edge: string;
  /** Every base URL above (the origins lab browsers treat as secure). */
  readonly origins: readonly string[];
  stop(): Promise<void>;
}

export async function startServices(inet: Namespace, trust: LabTrust): Promise<LabServices> {
  const dir = mkdtempSync(join(tmpdir(), 'confab-nat-lab-'));
  const processes = labProcesses();
  const stop = async (): Promise<void> => {
    await processes.stopAll();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await startCoturns(inet, processes, dir);
    await startConfabServers(inet, processes, trust);
  } catch (error) {
    await stop();
    throw error;
  }
  const services = {
    withTurn: `http://${SERVER_ADDRESS}:${String(WITH_TURN_PORT)}`,
    stunOnly: `http://${SERVER_ADDRESS}:${String(STUN_ONLY_PORT)}`,
    dualStack: `http://${LAB_NAMES.dualStack}:${String(DUAL_STACK_PORT)}`,
    dualStackStunOnly: `http://${LAB_NAMES.dualStack}:${String(DUAL_STACK_STUN_ONLY_PORT)}`,
    edge: `http://${LAB_NAMES.edge}`,
  };
  return { ...services, origins: Object.values(services), stop };
}

/** The dual-stack coturn (STUN and TURN) and a second STUN port. */
async function startCoturns(inet: Namespace, processes: LabProcesses, dir: string): Promise<void> {
  const debug = process.env['LAB_DEBUG'] !== undefined;
  const coturn = (args: string[], name: string): Promise<void> =>
    processes.start(
      inet,
      'turnserver',
      [
        '-n',
        '--no-cli',
        '--no-tls',
        '--no-dtls',
        ...(debug ? [`--log-file=test-results/lab-${name}.log`, '-V'] : ['--log-file=stdout']),
        '--simple-log',
        `--pidfile=${join(dir, `${name}.pid`)}`,
        `--userdb=${join(dir, `${name}db`)}`,
        ...args,
      ],
      debug ? /./ : /Total General servers/,
    );
  await coturn(
    [
      // Dual-stack: clients reach it over either family, and relays are allocated on IPv4
      // unless a client asks for IPv6 (coturn's default), so an IPv6-only host gets an
      // IPv4 relay address and can reach IPv4-only peers through it.
      `--listening-ip=${SERVER_ADDRESS}`,
      `--listening-ip=${SERVER_ADDRESS6}`,
      `--relay-ip=${SERVER_ADDRESS}`,
      `--relay-ip=${SERVER_ADDRESS6}`,
      `--listening-port=${String(TURN_PORT)}`,
      '--use-auth-secret',
      `--static-auth-secret=${SECRET}`,
      '--realm=nat-lab.confab.test',
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
    ],
    'coturn',
  );
  // A second STUN endpoint (another port): comparing the two mappings tells a symmetric
  // NAT from one that keeps its public port (the doctor's NAT verdict).
  await coturn(
    [
      '--stun-only',
      `--listening-ip=${SERVER_ADDRESS}`,
      `--listening-ip=${SERVER_ADDRESS6}`,
      `--listening-port=${String(SECOND_STUN_PORT)}`,
    ],
    'stun',
  );
}

const stunUrls = (host: string): string[] =>
  [TURN_PORT, SECOND_STUN_PORT].map((port) => `stun:${host}:${String(port)}`);

/** The confab servers in front of it, and the edge server with its own coturn. */
async function startConfabServers(
  inet: Namespace,
  processes: LabProcesses,
  trust: LabTrust,
): Promise<void> {
  const turnUrls = (host: string) =>
    ['udp', 'tcp'].map((transport) => `turn:${host}:${String(TURN_PORT)}?transport=${transport}`);
  const confab = (args: string[], env?: NodeJS.ProcessEnv) =>
    processes.start(
      inet,
      process.execPath,
      [CONFAB_MAIN, 'serve', '--log-level', 'info', ...args],
      /"msg":"listening"/,
      env,
    );
  const withTurn = (host: string) => [
    ...stunUrls(host).flatMap((url) => ['--stun-url', url]),
    ...turnUrls(host).flatMap((url) => ['--turn-url', url]),
    '--turn-secret',
    SECRET,
  ];
  const port = (p: number) => ['--port', String(p)];
  const stunOnly = (host: string) => stunUrls(host).flatMap((url) => ['--stun-url', url]);
  await Promise.all([
    confab(['--host', SERVER_ADDRESS, ...port(WITH_TURN_PORT), ...withTurn(SERVER_ADDRESS)]),
    confab(['--host', SERVER_ADDRESS, ...port(STUN_ONLY_PORT), ...stunOnly(SERVER_ADDRESS)]),
    confab(['--host', '::', ...port(DUAL_STACK_PORT), ...withTurn(LAB_NAMES.dualStack)]),
    confab(['--host', '::', ...port(DUAL_STACK_STUN_ONLY_PORT), ...stunOnly(LAB_NAMES.dualStack)]),
    confab(
      [
        '--host',
        EDGE_ADDRESS,
        ...port(80),
        '--with-turn',
        '--turn-tls-cert',
        trust.edge.certFile,
        '--turn-tls-key',
        trust.edge.keyFile,
        '--turn-tls-port',
        '443',
      ],
      // Its start-up relay self-test checks the TURN certificate as browsers do.
      { NODE_EXTRA_CA_CERTS: trust.ca.certFile },
    ),
  ]);
}
