import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, groupName, lookupNobody } from '../executables.js';
import { TurnClient } from '../turn/turn-client.js';
import { renderCoturnConfig, type CoturnConfig } from './coturn-config.js';

export type CoturnErrorCode = 'not-installed' | 'failed-to-start';

/** coturn could not be started; `code` is stable for programs. */
export class CoturnError extends Error {
  override readonly name = 'CoturnError';
  constructor(
    readonly code: CoturnErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface StartCoturnInput extends Omit<CoturnConfig, 'stateDir' | 'procUser'> {
  /** Run inside this network namespace (`ip netns exec`); tests only. */
  readonly netns?: string;
  readonly readyTimeoutMs?: number;
}

export interface CoturnProcess {
  readonly config: CoturnConfig;
  /** Temporary directory holding the config, pidfile and secret file; removed on stop. */
  readonly dir: string;
  /** A file holding only the secret, for `confab serve --turn-secret-file`. */
  readonly secretFile: string;
  /** Everything coturn printed so far. */
  log(): string;
  /** Resolves when coturn exits, for whatever reason. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export const INSTALL_HINT = 'turnserver (coturn) is not installed: apt-get install coturn';

/**
 * Starts Debian's coturn in the foreground with a generated config in a fresh temp dir,
 * unprivileged (started as root, it binds its ports, 443 too, and then becomes `nobody`),
 * and resolves once it answers STUN.
 */
export async function startCoturnProcess(input: StartCoturnInput): Promise<CoturnProcess> {
  const binary = findOnPath('turnserver');
  if (binary === null) throw new CoturnError('not-installed', INSTALL_HINT);
  const dir = await mkdtemp(join(tmpdir(), 'confab-coturn-'));
  const { netns, readyTimeoutMs, ...rest } = input;
  // coturn reads its certificate after dropping privileges: give it copies it owns.
  const tls =
    rest.tls === null
      ? null
      : await copyTlsFiles(rest.tls, dir).catch(async (error: unknown) => {
          await rm(dir, { recursive: true, force: true });
          throw new CoturnError(
            'failed-to-start',
            `cannot read the TLS certificate or key: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
  const nobody = process.getuid?.() === 0 ? lookupNobody() : null;
  const procUser =
    nobody === null ? null : { user: 'nobody', group: groupName(nobody.gid) ?? 'nogroup' };
  const config: CoturnConfig = { ...rest, tls, stateDir: dir, procUser };
  const configFile = join(dir, 'turnserver.conf');
  const secretFile = join(dir, 'secret');
  await writeFile(configFile, renderCoturnConfig(config), { mode: 0o600 });
  await writeFile(secretFile, `${config.secret}\n`, { mode: 0o600 });
  if (nobody !== null) {
    await chown(dir, nobody.uid, nobody.gid);
    for (const file of [configFile, ...(tls === null ? [] : [tls.certFile, tls.keyFile])]) {
      await chown(file, nobody.uid, nobody.gid);
    }
  }
  await chmod(dir, 0o700);
  const child = spawnCoturn(binary, configFile, netns);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
    child.once('error', () => {
      resolve(null);
    });
  });
  const cleanup = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(config, exited, readyTimeoutMs ?? 10_000);
  } catch (error) {
    await cleanup();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CoturnError('failed-to-start', `${reason}\n${output.trim()}`);
  }
  return { config, dir, secretFile, log: () => output, exited, stop: cleanup };
}

/** As root, coturn itself drops to `proc-user` after binding (see `procUser`). */
function spawnCoturn(binary: string, configFile: string, netns: string | undefined): ChildProcess {
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  if (netns === undefined) return spawn(binary, ['-c', configFile], { stdio });
  // `ip netns exec` needs root and execs coturn in place.
  return spawn('ip', ['netns', 'exec', netns, binary, '-c', configFile], { stdio });
}

async function waitUntilAnswering(
  config: CoturnConfig,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stopped: number | null | undefined;
  void exited.then((code) => (stopped = code));
  const host = config.listeningIp === '0.0.0.0' ? '127.0.0.1' : config.listeningIp;
  while (Date.now() < deadline) {
    if (stopped !== undefined) throw new Error(`turnserver exited with status ${String(stopped)}`);
    const client = await TurnClient.connect(
      { host, port: config.port, transport: 'udp' },
      500,
    ).catch(() => null);
    const ok =
      (await client?.binding().then(
        () => true,
        () => false,
      )) === true;
    await client?.close();
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `turnserver did not answer STUN on ${host}:${String(config.port)} within ${String(timeoutMs)} ms`,
  );
}

async function copyTlsFiles(
  tls: NonNullable<CoturnConfig['tls']>,
  dir: string,
): Promise<NonNullable<CoturnConfig['tls']>> {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await copyFile(tls.certFile, certFile);
  await copyFile(tls.keyFile, keyFile);
  await chmod(keyFile, 0o600);
  return { port: tls.port, certFile, keyFile };
}
