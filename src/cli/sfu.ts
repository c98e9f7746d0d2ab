import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  machineIPv4,
  randomSfuSecret,
  startJanusProcess,
  type JanusConfig,
  type StartJanusInput,
} from '../server/index.js';
import {
  envName,
  formatFlagHelp,
  parseFlags,
  UsageError,
  type FlagKind,
  type FlagSpec,
  type ParsedFlags,
} from './flags.js';
import { pickPort, shellQuote } from './local-coturn.js';

/** A `confab sfu` flag; its environment variable is `CONFAB_SFU_<NAME>`. */
function flag(
  name: string,
  kind: FlagKind,
  help: string,
  defaultText: string,
  placeholder?: string,
): FlagSpec {
  const env = [envName('CONFAB_SFU_', name)];
  return placeholder === undefined
    ? { name, kind, help, defaultText, env }
    : { name, kind, help, defaultText, env, placeholder };
}

const DEFAULT_PORT = 8188;

export const SFU_FLAGS: readonly FlagSpec[] = [
  flag(
    'listen-ip',
    'string',
    'IPv4 address of the Janus API; never one browsers can reach',
    '127.0.0.1',
    '<ip>',
  ),
  flag('port', 'number', 'Janus API (WebSocket) port', String(DEFAULT_PORT), '<port>'),
  flag('rtp-min-port', 'number', 'first media UDP port', '20000', '<port>'),
  flag('rtp-max-port', 'number', 'last media UDP port', '20999', '<port>'),
  flag(
    'public-ip',
    'string',
    'the address browsers send media to: ICE gathers only there (nat.ice_enforce_list)',
    "this machine's first non-loopback IPv4",
    '<ip>',
  ),
  flag(
    'nat-1-1-ip',
    'string',
    'public address when --public-ip sits behind a 1:1 NAT (nat_1_1_mapping)',
    'none',
    '<ip>',
  ),
  flag(
    'session-timeout',
    'number',
    'seconds Janus keeps a session that sends nothing',
    '60',
    '<s>',
  ),
  flag(
    'stun-server',
    'string',
    'STUN for Janus itself, only when it is behind NAT',
    'none',
    '<host:port>',
  ),
  flag(
    'turn-server',
    'string',
    'TURN for Janus itself, only behind a restrictive firewall',
    'none',
    '<host:port>',
  ),
  flag('turn-transport', 'string', 'udp, tcp or tls', 'udp', '<transport>'),
  flag('turn-user', 'string', 'static TURN user name for Janus', 'none', '<user>'),
  flag(
    'turn-password',
    'string',
    'static TURN password (prefer the environment variable)',
    'none',
    '<password>',
  ),
  flag('log', 'boolean', "print Janus's log on stderr (secrets replaced)", 'off'),
  flag('janus-bin', 'string', 'the Janus executable', 'janus on PATH', '<path>'),
  flag(
    'janus-lib-dir',
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

The SFU secret is CONFAB_SFU_SECRET when set, else random. It is never printed: it is in
a file (mode 0600, removed on exit) that the printed flags point to. Janus's api_secret
and admin_key are derived from it; Janus never sees it itself.`;

/** `confab sfu`: Janus in the foreground until SIGINT/SIGTERM. */
export async function runSfu(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const values = parseFlags(SFU_FLAGS, argv, env);
  const givenSecret = env['CONFAB_SFU_SECRET'];
  const fromEnv = givenSecret !== undefined && givenSecret !== '';
  const sfuSecret = fromEnv ? givenSecret : randomSfuSecret();
  const input = await sfuInput(values, sfuSecret);
  const janus = await startJanusProcess(input);
  const secret = await writeSecretFile(sfuSecret).catch(async (error: unknown) => {
    await janus.stop();
    throw error;
  });
  const { config } = janus;
  process.stdout.write(
    `Janus is running (pid ${String(janus.pid)}, ready in ${String(janus.startupMs)} ms): ` +
      `API ${janus.url} (api_secret required), media UDP ` +
      `${String(config.rtpMinPort)}-${String(config.rtpMaxPort)} on ${config.iceAddress}\n` +
      `Start the meeting server with:\n` +
      `  confab serve --sfu-url ${janus.url} --sfu-secret-file ${shellQuote(secret.file)}\n` +
      `Stop with Ctrl-C.\n`,
  );
  const state = { stopping: false };
  const stopAll = async (): Promise<void> => {
    await Promise.all([janus.stop(), secret.remove()]);
  };
  const stop = (): void => {
    state.stopping = true;
    void stopAll().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await janus.exited;
  if (state.stopping) return;
  process.stderr.write(
    `confab: janus exited unexpectedly (status ${String(code)}):\n${janus.log().slice(-2000)}\n`,
  );
  await stopAll();
  process.exit(1);
}

/** The SFU secret in a file only we can read (0700 dir, 0600 file), for --sfu-secret-file. */
async function writeSecretFile(
  sfuSecret: string,
): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-sfu-'));
  const file = join(dir, 'secret');
  await writeFile(file, `${sfuSecret}\n`, { mode: 0o600 });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function sfuInput(values: ParsedFlags, sfuSecret: string): Promise<StartJanusInput> {
  const num = (name: string): number | undefined => values.number(name);
  const str = (name: string): string | undefined => values.string(name);
  const listenIp = str('listen-ip') ?? '127.0.0.1';
  const iceAddress = str('public-ip') ?? machineIPv4();
  if (iceAddress === null) {
    throw new UsageError('no non-loopback IPv4 address found: pass --public-ip');
  }
  const binary = str('janus-bin');
  const libDir = str('janus-lib-dir');
  return {
    sfuSecret,
    wsIp: listenIp,
    // The default port moves aside when taken; an explicit one must be free.
    wsPort: num('port') ?? (await pickPort(listenIp, DEFAULT_PORT)),
    rtpMinPort: num('rtp-min-port') ?? 20000,
    rtpMaxPort: num('rtp-max-port') ?? 20999,
    iceAddress,
    natMapping: str('nat-1-1-ip') ?? null,
    sessionTimeoutSeconds: num('session-timeout') ?? 60,
    stun: hostPort(str('stun-server'), '--stun-server', 3478),
    turn: turnServer(values),
    ...(binary === undefined ? {} : { binary }),
    ...(libDir === undefined ? {} : { libDir }),
    ...(values.boolean('log') === true
      ? { onLogLine: (line: string) => process.stderr.write(`${line}\n`) }
      : {}),
  };
}

function turnServer(values: ParsedFlags): JanusConfig['turn'] {
  const server = hostPort(values.string('turn-server'), '--turn-server', 3478);
  if (server === null) return null;
  const transport = values.string('turn-transport') ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
    throw new UsageError('--turn-transport must be udp, tcp or tls');
  }
  const user = values.string('turn-user');
  const password = values.string('turn-password');
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
