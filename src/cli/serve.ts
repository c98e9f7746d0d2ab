import {
  ConfabServer,
  ConfigError,
  findJanusInstall,
  machineIPv4,
  type CoturnProcess,
  type ServerOptions,
} from '../server/index.js';
import { pickPort, pickTcpPort, startLocalCoturn } from './local-coturn.js';
import { parseFlags, UsageError, type ParsedFlags } from './flags.js';
import { CLI_FLAGS, SERVE_FLAGS } from './serve-flags.js';
import { flagWording, serveOptionsFromFlags } from './serve-options.js';

/** Set by the first SIGTERM/SIGINT: coturn exiting is then expected, a second signal exits. */
interface Shutdown {
  requested: boolean;
}

/** `confab serve`: runs until SIGTERM/SIGINT, then drains; a second signal exits at once. */
export async function runServe(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const flags = parseFlags(SERVE_FLAGS, argv, env);
  let options = serveOptionsFromFlags(flags);
  // --with-sfu without Janus fails here, with what to install, rather than degraded later.
  if (options.withSfu === true) findJanusInstall();
  let turn: CoturnProcess | null = null;
  if (flags.boolean(CLI_FLAGS.withTurn.spec.name) === true) {
    const local = await withLocalTurn(options, flags);
    turn = local.process;
    options = local.options;
  } else {
    refuseTurnTlsFlags(flags);
  }
  let server: ConfabServer;
  try {
    server = new ConfabServer(options);
  } catch (error) {
    await turn?.stop();
    throw error instanceof ConfigError ? new UsageError(error.describe(flagWording(flags))) : error;
  }
  if (server.options.staticDir === null) {
    server.log.warn('web app not built (run `npm run build`): serving signaling only');
  }
  const shutdown: Shutdown = { requested: false };
  if (turn !== null) {
    const local = turn;
    server.log.info(
      { turnUrls: options.turnUrls, stunUrls: options.stunUrls },
      'local coturn started',
    );
    void local.exited.then((code) => {
      if (!shutdown.requested)
        server.log.error({ code, log: local.log().slice(-2000) }, 'local coturn exited');
    });
  }
  installSignalHandlers(server, shutdown, async () => {
    await turn?.stop();
  });
  try {
    await server.listen();
  } catch (error) {
    await turn?.stop();
    throw error;
  }
}

/**
 * `--with-turn`: a local coturn with a random secret; its URLs and secret become options.
 * It listens on `--host` when that is one IPv4 address (not loopback, which browsers skip),
 * else on this machine's first one; TURN over TLS with `--turn-tls-cert` or `--tls-cert`.
 */
async function withLocalTurn(
  options: Partial<ServerOptions>,
  flags: ParsedFlags,
): Promise<{ process: CoturnProcess; options: Partial<ServerOptions> }> {
  if (options.turnUrls !== undefined || options.turnSecret !== undefined) {
    throw new UsageError('--with-turn starts its own coturn: drop --turn-url/--turn-secret');
  }
  const host = options.host;
  const ip =
    host !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('127.')
      ? host
      : machineIPv4();
  const tlsFiles = turnTlsFiles(options, flags);
  const tlsPort = flags.number(CLI_FLAGS.turnTlsPort.spec.name);
  const local = await startLocalCoturn({
    listenIp: ip ?? undefined,
    port: await pickPort(ip ?? '0.0.0.0', 3478),
    minPort: 49152,
    maxPort: 49407,
    realm: 'confab.local',
    tls:
      tlsFiles === null
        ? undefined
        : { ...tlsFiles, port: tlsPort ?? (await pickTcpPort(ip ?? '0.0.0.0', 5349)) },
  });
  return {
    process: local.process,
    options: {
      ...options,
      turnUrls: local.turnUrls,
      stunUrls: [...(options.stunUrls ?? []), ...local.stunUrls],
      turnSecret: local.process.config.secret,
    },
  };
}

/** The certificate for the local coturn's TURN over TLS: its own flags, else the server's. */
function turnTlsFiles(
  options: Partial<ServerOptions>,
  flags: ParsedFlags,
): { certFile: string; keyFile: string } | null {
  const cert = flags.string(CLI_FLAGS.turnTlsCert.spec.name);
  const key = flags.string(CLI_FLAGS.turnTlsKey.spec.name);
  if ((cert === undefined) !== (key === undefined)) {
    throw new UsageError('--turn-tls-cert and --turn-tls-key must be given together');
  }
  const certFile = cert ?? options.tlsCertFile ?? null;
  const keyFile = key ?? options.tlsKeyFile ?? null;
  return certFile === null || keyFile === null ? null : { certFile, keyFile };
}

/** The local coturn's TLS flags mean nothing without `--with-turn`: say so, do not ignore them. */
function refuseTurnTlsFlags(flags: ParsedFlags): void {
  for (const { spec } of [CLI_FLAGS.turnTlsCert, CLI_FLAGS.turnTlsKey, CLI_FLAGS.turnTlsPort]) {
    if (flags.given.has(spec.name)) throw new UsageError(`--${spec.name} needs --with-turn`);
  }
}

function installSignalHandlers(
  server: ConfabServer,
  shutdown: Shutdown,
  beforeExit: () => Promise<void>,
): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown.requested) {
      server.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    shutdown.requested = true;
    server.log.info({ signal }, 'draining on signal');
    server
      .drain()
      .then(beforeExit)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          server.log.error({ err: error }, 'drain failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', (reason) => {
    // A bug, but one call's failure must not end everyone else's meeting.
    server.log.error({ err: reason }, 'unhandled promise rejection');
  });
}
