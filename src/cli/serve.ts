import {
  ConfabServer,
  ConfigError,
  findJanusInstall,
  machineIPv4,
  type CoturnProcess,
  type ServerOptions,
} from '../server/index.js';
import { pickPort, startLocalCoturn } from './local-coturn.js';
import { parseFlags, UsageError } from './flags.js';
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
    const local = await withLocalTurn(options);
    turn = local.process;
    options = local.options;
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

/** `--with-turn`: a local coturn with a random secret; its URLs and secret become options. */
async function withLocalTurn(
  options: Partial<ServerOptions>,
): Promise<{ process: CoturnProcess; options: Partial<ServerOptions> }> {
  if (options.turnUrls !== undefined || options.turnSecret !== undefined) {
    throw new UsageError('--with-turn starts its own coturn: drop --turn-url/--turn-secret');
  }
  const ip = machineIPv4();
  const local = await startLocalCoturn({
    listenIp: ip ?? undefined,
    port: await pickPort(ip ?? '0.0.0.0', 3478),
    minPort: 49152,
    maxPort: 49407,
    realm: 'confab.local',
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
