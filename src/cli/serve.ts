import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ConfabServer,
  machineIPv4,
  type CoturnProcess,
  type ServerOptions,
} from '../server/index.js';
import { pickPort, startLocalCoturn } from './local-coturn.js';
import { parseFlags, UsageError, type FlagValues } from './flags.js';
import { SECONDS_TO_MS, SERVE_FLAGS } from './serve-flags.js';

/** The built web app, relative to this file both in src/cli (tsx) and dist/cli (node). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Turns parsed flags into server options (seconds → ms, secret files read). */
export function serveOptionsFromFlags(values: FlagValues): Partial<ServerOptions> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || key === 'turnSecretFile' || key === 'withTurn') continue;
    options[key] = SECONDS_TO_MS.has(key) && typeof value === 'number' ? value * 1000 : value;
  }
  const secretFile = values['turnSecretFile'];
  if (typeof secretFile === 'string') options['turnSecret'] = readSecretFile(secretFile);
  options['staticDir'] ??= existsSync(DEFAULT_STATIC_DIR) ? DEFAULT_STATIC_DIR : null;
  return options;
}

function readSecretFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new UsageError(`cannot read --turn-secret-file ${path}`);
  }
}

/** `confab serve`: runs until SIGTERM/SIGINT, then drains; a second signal exits at once. */
export async function runServe(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const values = parseFlags(SERVE_FLAGS, argv, env);
  const options = serveOptionsFromFlags(values);
  const turn = values['withTurn'] === true ? await withLocalTurn(options) : null;
  let server: ConfabServer;
  try {
    server = new ConfabServer(options);
  } catch (error) {
    await turn?.stop();
    throw error;
  }
  if (server.options.staticDir === null) {
    server.log.warn('web app not built (run `npm run build`): serving signaling only');
  }
  if (turn !== null) {
    server.log.info(
      { turnUrls: options.turnUrls, stunUrls: options.stunUrls },
      'local coturn started',
    );
    void turn.exited.then((code) => {
      if (!stopping.value)
        server.log.error({ code, log: turn.log().slice(-2000) }, 'local coturn exited');
    });
  }
  installSignalHandlers(server, async () => {
    stopping.value = true;
    await turn?.stop();
  });
  try {
    await server.listen();
  } catch (error) {
    await turn?.stop();
    throw error;
  }
}

const stopping = { value: false };

/** `--with-turn`: a local coturn with a random secret; its URLs and secret become options. */
async function withLocalTurn(options: Record<string, unknown>): Promise<CoturnProcess> {
  if (options['turnUrls'] !== undefined || options['turnSecret'] !== undefined) {
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
  options['turnUrls'] = local.turnUrls;
  options['stunUrls'] = [
    ...((options['stunUrls'] as string[] | undefined) ?? []),
    ...local.stunUrls,
  ];
  options['turnSecret'] = local.process.config.secret;
  return local.process;
}

function installSignalHandlers(server: ConfabServer, beforeExit: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
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
