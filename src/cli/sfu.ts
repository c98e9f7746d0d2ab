import {
  machineIPv4,
  randomSfuSecret,
  startJanusProcess,
  type JanusConfig,
  type StartJanusInput,
} from '../server/index.js';
import {
  defineFlag,
  formatFlagHelp,
  parseFlags,
  UsageError,
  type FlagArgs,
  type FlagSpec,
  type FlagValues,
} from './flags.js';
import { pickPort, shellQuote } from './local-coturn.js';

/** A `confab sfu` flag; its environment variable is `CONFAB_SFU_<NAME>`. */
const flag = (...args: FlagArgs): FlagSpec => defineFlag('CONFAB_SFU_', ...args);

const DEFAULT_PORT = 8188;

export const SFU_FLAGS: readonly FlagSpec[] = [
  flag(
    'listen-ip',
    'listenIp',
    'string',
    'IPv4 address of the Janus API; never one browsers can reach',
    '127.0.0.1',
    '<ip>',
  ),
  flag('port', 'port', 'number', 'Janus API (WebSocket) port', String(DEFAULT_PORT), '<port>'),
  flag('rtp-min-port', 'rtpMinPort', 'number', 'first media UDP port', '20000', '<port>'),
  flag('rtp-max-port', 'rtpMaxPort', 'number', 'last media UDP port', '20999', '<port>'),
  flag(
    'public-ip',
    'publicIp',
    'string',
    'the address browsers send media to: ICE gathers only there (nat.ice_enforce_list)',
    "this machine's first non-loopback IPv4",
    '<ip>',
  ),
  flag(
    'nat-1-1-ip',
    'natMapping',
    'string',
    'public address when --public-ip sits behind a 1:1 NAT (nat_1_1_mapping)',
    'none',
    '<ip>',
  ),
  flag(
    'session-timeout',
    'sessionTimeout',
    'number',
    'seconds Janus keeps a session that sends nothing',
    '60',
    '<s>',
  ),
  flag(
    'stun-server',
    'stunServer',
    'string',
    'STUN for Janus itself, only when it is behind NAT',
    'none',
    '<host:port>',
  ),
  flag(
    'turn-server',
    'turnServer',
    'string',
    'TURN for Janus itself, only behind a restrictive firewall',
    'none',
    '<host:port>',
  ),
  flag('turn-transport', 'turnTransport', 'string', 'udp, tcp or tls', 'udp', '<transport>'),
  flag('turn-user', 'turnUser', 'string', 'static TURN user name for Janus', 'none', '<user>'),
  flag(
    'turn-password',
    'turnPassword',
    'string',
    'static TURN password (prefer the environment variable)',
    'none',
    '<password>',
  ),
  flag('log', 'log', 'boolean', "print Janus's log on stderr (secrets replaced)", 'off'),
  flag('janus-bin', 'janusBinary', 'string', 'the Janus executable', 'janus on PATH', '<path>'),
  flag(
    'janus-lib-dir',
    'janusLibDir',
    'string',
    'folder with Janus plugins/ and transports/',
    'found next to the executable',
    '<dir>',
  ),
];

export const SFU_HELP = `Usage: confab sfu [options]

Runs Janus (VideoRoom only) in the foreground for this machine, unprivileged, with a
generated hardened config: WebSocket API on loopback with an api_secret, rooms only with
the VideoRoom admin_key, no admin API, no other plugin or transport, no recording, ICE only
on --public-ip. Prints the \`confab serve\` flags that match. Ctrl-C stops it.
Every setting is explained in docs/sfu.md (production: run a current upstream Janus build).

${formatFlagHelp(SFU_FLAGS)}

The SFU secret is CONFAB_SFU_SECRET when set (then it is never printed), else random.
Janus's api_secret and admin_key are derived from it; Janus never sees it itself.`;

/** `confab sfu`: Janus in the foreground until SIGINT/SIGTERM. */
export async function runSfu(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const values = parseFlags(SFU_FLAGS, argv, env);
  const givenSecret = env['CONFAB_SFU_SECRET'];
  const fromEnv = givenSecret !== undefined && givenSecret !== '';
  const sfuSecret = fromEnv ? givenSecret : randomSfuSecret();
  const input = await sfuInput(values, sfuSecret);
  const janus = await startJanusProcess(input);
  const { config } = janus;
  const secretArg = fromEnv ? '"$CONFAB_SFU_SECRET"' : shellQuote(sfuSecret);
  const urlArg = `--sfu-url ${janus.url}`;
  process.stdout.write(
    `Janus is running (pid ${String(janus.pid)}, ready in ${String(janus.startupMs)} ms): ` +
      `API ${janus.url} (api_secret required), media UDP ` +
      `${String(config.rtpMinPort)}-${String(config.rtpMaxPort)} on ${config.iceAddress}\n` +
      `Start the meeting server with the secret in its environment (hidden from ps):\n` +
      `  CONFAB_SFU_SECRET=${secretArg} confab serve ${urlArg}\n` +
      `or on its command line:\n` +
      `  confab serve ${urlArg} --sfu-secret ${secretArg}\n` +
      `Stop with Ctrl-C.\n`,
  );
  const state = { stopping: false };
  const stop = (): void => {
    state.stopping = true;
    void janus.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await janus.exited;
  if (state.stopping) return;
  process.stderr.write(
    `confab: janus exited unexpectedly (status ${String(code)}):\n${janus.log().slice(-2000)}\n`,
  );
  await janus.stop();
  process.exit(1);
}

async function sfuInput(values: FlagValues, sfuSecret: string): Promise<StartJanusInput> {
  const num = (key: string): number | undefined =>
    typeof values[key] === 'number' ? values[key] : undefined;
  const str = (key: string): string | undefined =>
    typeof values[key] === 'string' ? values[key] : undefined;
  const listenIp = str('listenIp') ?? '127.0.0.1';
  const iceAddress = str('publicIp') ?? machineIPv4();
  if (iceAddress === null) {
    throw new UsageError('no non-loopback IPv4 address found: pass --public-ip');
  }
  const binary = str('janusBinary');
  const libDir = str('janusLibDir');
  return {
    sfuSecret,
    wsIp: listenIp,
    // The default port moves aside when taken; an explicit one must be free.
    wsPort: num('port') ?? (await pickPort(listenIp, DEFAULT_PORT)),
    rtpMinPort: num('rtpMinPort') ?? 20000,
    rtpMaxPort: num('rtpMaxPort') ?? 20999,
    iceAddress,
    natMapping: str('natMapping') ?? null,
    sessionTimeoutSeconds: num('sessionTimeout') ?? 60,
    stun: hostPort(str('stunServer'), '--stun-server', 3478),
    turn: turnServer(values),
    ...(binary === undefined ? {} : { binary }),
    ...(libDir === undefined ? {} : { libDir }),
    ...(values['log'] === true
      ? { onLogLine: (line: string) => process.stderr.write(`${line}\n`) }
      : {}),
  };
}

function turnServer(values: FlagValues): JanusConfig['turn'] {
  const server = hostPort(
    typeof values['turnServer'] === 'string' ? values['turnServer'] : undefined,
    '--turn-server',
    3478,
  );
  if (server === null) return null;
  const transport = values['turnTransport'] ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
    throw new UsageError('--turn-transport must be udp, tcp or tls');
  }
  const user = values['turnUser'];
  const password = values['turnPassword'];
  if (typeof user !== 'string' || typeof password !== 'string') {
    throw new UsageError('--turn-server needs --turn-user and --turn-password');
  }
  return { ...server, transport, user, password };
}

function hostPort(
  value: string | undefined,
  name: string,
  defaultPort: number,
): { host: string; port: number } | null {
  if (value === undefined) return null;
  const match = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(value);
  if (match === null) throw new UsageError(`${name} needs <host>[:<port>], got ${value}`);
  return { host: match[1] ?? '', port: match[2] === undefined ? defaultPort : Number(match[2]) };
}
