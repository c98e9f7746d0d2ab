import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfabServer, type ServerOptions } from '../server/index.js';
import { parseFlags, UsageError, type FlagValues } from './flags.js';
import { SECONDS_TO_MS, SERVE_FLAGS } from './serve-flags.js';

/** The built web app, relative to this file both in src/cli (tsx) and dist/cli (node). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Turns parsed flags into server options (seconds → ms, secret files read). */
export function serveOptionsFromFlags(values: FlagValues): Partial<ServerOptions> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || key === 'turnSecretFile') continue;
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
  const options = serveOptionsFromFlags(parseFlags(SERVE_FLAGS, argv, env));
  const server = new ConfabServer(options);
  if (server.options.staticDir === null) {
    server.log.warn('web app not built (run `npm run build`): serving signaling only');
  }
  installSignalHandlers(server);
  await server.listen();
}

function installSignalHandlers(server: ConfabServer): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    server.log.info({ signal }, 'draining on signal');
    server.drain().then(
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
