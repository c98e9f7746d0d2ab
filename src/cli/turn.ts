import {
  envName,
  formatFlagHelp,
  parseFlags,
  UsageError,
  type FlagKind,
  type FlagSpec,
} from './flags.js';
import { shellQuote, startLocalCoturn } from './local-coturn.js';

/** A `confab turn` flag; its environment variable is `CONFAB_TURN_<NAME>`. */
function flag(
  name: string,
  kind: FlagKind,
  help: string,
  defaultText: string,
  placeholder: string,
): FlagSpec {
  return { name, kind, help, defaultText, placeholder, env: [envName('CONFAB_TURN_', name)] };
}

export const TURN_FLAGS: readonly FlagSpec[] = [
  flag(
    'listen-ip',
    'string',
    'IPv4 address to listen and relay on',
    "this machine's first non-loopback IPv4",
    '<ip>',
  ),
  flag('port', 'number', 'STUN/TURN port (UDP and TCP)', '3478', '<port>'),
  flag('min-port', 'number', 'first relay port', '49152', '<port>'),
  flag('max-port', 'number', 'last relay port', '49407', '<port>'),
  flag('realm', 'string', 'TURN realm', 'confab.local', '<realm>'),
  flag(
    'external-ip',
    'string',
    'public address when behind NAT (public or public/private)',
    'none',
    '<ip>',
  ),
  flag(
    'tls-cert',
    'string',
    'PEM certificate (chain) for the TURN host name: also serve TURN over TLS (turns:)',
    'none',
    '<path>',
  ),
  flag('tls-key', 'string', 'PEM private key for --tls-cert', 'none', '<path>'),
  flag(
    'tls-port',
    'number',
    'TURN over TLS port; 443 gets through networks that allow only HTTPS',
    '5349',
    '<port>',
  ),
];

export const TURN_HELP = `Usage: confab turn [options]

Runs Debian's coturn (turnserver) in the foreground for this machine, unprivileged, with a
generated hardened config (use-auth-secret with a random secret, deny list for private and
loopback peers, quotas), and prints the \`confab serve\` flags that match. Ctrl-C stops it.
For production use deploy/coturn/turnserver.conf (see docs/turn.md).

TURN over TLS on 443 (--tls-cert, --tls-key, --tls-port 443) is what still connects from
networks that let out only web traffic. The printed turns: URL carries the certificate's
first DNS name, which browsers check the certificate against. Started as root, coturn binds
its ports (443 too) and then runs as nobody.

${formatFlagHelp(TURN_FLAGS)}

The secret is CONFAB_TURN_SECRET when set, else random. It is never printed: it is in a
file (mode 0600, removed on exit) that the printed flags point to.`;

/** `confab turn`: coturn in the foreground until SIGINT/SIGTERM. */
export async function runTurn(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const given = parseFlags(TURN_FLAGS, argv, env);
  const num = (name: string, fallback: number): number => given.number(name) ?? fallback;
  const str = (name: string): string | undefined => given.string(name);
  const certFile = str('tls-cert');
  const keyFile = str('tls-key');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError('--tls-cert and --tls-key must be given together');
  }
  const secret = env['CONFAB_TURN_SECRET'];
  const local = await startLocalCoturn({
    listenIp: str('listen-ip'),
    port: num('port', 3478),
    minPort: num('min-port', 49152),
    maxPort: num('max-port', 49407),
    realm: str('realm') ?? 'confab.local',
    externalIp: str('external-ip'),
    secret: secret === undefined || secret === '' ? undefined : secret,
    tls:
      certFile === undefined || keyFile === undefined
        ? undefined
        : { port: num('tls-port', 5349), certFile, keyFile },
  });
  const { config } = local.process;
  const flags = [
    `--turn-secret-file ${shellQuote(local.process.secretFile)}`,
    ...local.turnUrls.map((url) => `--turn-url ${shellQuote(url)}`),
    ...local.stunUrls.map((url) => `--stun-url ${shellQuote(url)}`),
  ];
  const turns = local.turnUrls.find((url) => url.startsWith('turns:'));
  process.stdout.write(
    `coturn is running: STUN/TURN on ${config.listeningIp}:${String(config.port)} (UDP and TCP)` +
      `${turns === undefined ? '' : `, TURN over TLS as ${turns}`}, ` +
      `relay ports ${String(config.minPort)}-${String(config.maxPort)}\n` +
      `Start the meeting server with:\n  confab serve ${flags.join(' \\\n    ')}\n` +
      `Stop with Ctrl-C.\n`,
  );
  const state = { stopping: false };
  const stop = (): void => {
    state.stopping = true;
    void local.process.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await local.process.exited;
  if (state.stopping) return;
  process.stderr.write(
    `confab: turnserver exited unexpectedly (status ${String(code)}):\n${local.process.log().slice(-2000)}\n`,
  );
  await local.process.stop();
  process.exit(1);
}
