import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineIPv4 } from '../coturn/machine-address.js';
import { diesWithParent, lookupNobody } from '../executables.js';
import type { JanusConfig } from './janus-config.js';
import { writeJanusDir } from './janus-dir.js';
import { JanusError } from './janus-errors.js';
import { findJanusInstall } from './janus-install.js';
import { probeJanus } from './janus-socket.js';
import { deriveJanusSecrets, secretValues, type JanusSecrets } from './janus-secrets.js';
import { ScrubbedLog } from './scrubbed-log.js';

export interface StartJanusInput {
  /** The SFU secret every Janus secret is derived from (see janus-secrets.ts). */
  readonly sfuSecret: string;
  /** WebSocket API address; default 127.0.0.1 (the API must never face browsers). */
  readonly wsIp?: string;
  /** WebSocket API port; default a free one. */
  readonly wsPort?: number;
  readonly rtpMinPort: number;
  readonly rtpMaxPort: number;
  /** Address ICE gathers on; default this machine's first non-loopback IPv4. */
  readonly iceAddress?: string;
  readonly natMapping?: string | null;
  /** Default 60 s; the client's keepalive must be shorter. */
  readonly sessionTimeoutSeconds?: number;
  /** Janus log level; default 4. Secrets are scrubbed from the captured log at any level. */
  readonly debugLevel?: number;
  readonly stun?: JanusConfig['stun'];
  readonly turn?: JanusConfig['turn'];
  /** The janus binary (default: on PATH) and its library folder (default: found next to it). */
  readonly binary?: string;
  readonly libDir?: string;
  readonly readyTimeoutMs?: number;
  /** Every line Janus prints, secrets already replaced. */
  readonly onLogLine?: (line: string) => void;
}

export interface JanusProcess {
  readonly config: JanusConfig;
  /** The WebSocket API URL, e.g. ws://127.0.0.1:8188. */
  readonly url: string;
  readonly secrets: JanusSecrets;
  /** Temporary directory with the config; removed on stop. */
  readonly dir: string;
  readonly pid: number;
  /** From spawn until the API answered, in milliseconds. */
  readonly startupMs: number;
  /** The tail of what Janus printed, secrets replaced by [redacted]. */
  log(): string;
  /** Janus's resident memory in bytes (from /proc), or null once it has exited. */
  residentBytes(): Promise<number | null>;
  /** Resolves when Janus exits, for whatever reason, with its status (null: by signal). */
  readonly exited: Promise<number | null>;
  /** Stops Janus (SIGTERM, SIGKILL after 5 s) and removes the temp dir; idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_SESSION_TIMEOUT_SECONDS = 60;

/**
 * Runs Janus in the foreground with a generated, hardened config in a fresh temp dir,
 * unprivileged (as `nobody` when we are root), and resolves once its API answers.
 */
export async function startJanusProcess(input: StartJanusInput): Promise<JanusProcess> {
  const install = findJanusInstall({
    ...(input.binary === undefined ? {} : { binary: input.binary }),
    ...(input.libDir === undefined ? {} : { libDir: input.libDir }),
  });
  const wsIp = input.wsIp ?? '127.0.0.1';
  const iceAddress = input.iceAddress ?? machineIPv4();
  if (iceAddress === null) {
    throw new JanusError('failed-to-start', 'no non-loopback IPv4 address for ICE: pass one');
  }
  const secrets = deriveJanusSecrets(input.sfuSecret);
  const nobody = process.getuid?.() === 0 ? lookupNobody() : null;
  const wsPort = input.wsPort ?? (await freeTcpPort(wsIp));
  const dir = await mkdtemp(join(tmpdir(), 'confab-janus-'));
  const config: JanusConfig = {
    dir,
    wsIp,
    wsPort,
    rtpMinPort: input.rtpMinPort,
    rtpMaxPort: input.rtpMaxPort,
    iceAddress,
    natMapping: input.natMapping ?? null,
    sessionTimeoutSeconds: input.sessionTimeoutSeconds ?? DEFAULT_SESSION_TIMEOUT_SECONDS,
    debugLevel: input.debugLevel ?? 4,
    secrets,
    stun: input.stun ?? null,
    turn: input.turn ?? null,
  };
  await writeJanusDir(config, install.libDir, nobody).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const log = new ScrubbedLog(
    [
      ...secretValues(secrets),
      input.sfuSecret,
      ...(config.turn === null ? [] : [config.turn.password]),
    ],
    64 * 1024,
    input.onLogLine,
  );
  const started = performance.now();
  const run = diesWithParent(install.binary, ['-F', dir, '-C', `${dir}/janus.jcfg`, '-o']);
  const child = spawn(run.command, run.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(nobody ?? {}),
  });
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk.toString());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk.toString());
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      log.flush();
      resolve(code);
    });
    child.once('error', (error) => {
      log.write(`${error.message}\n`);
      resolve(null);
    });
  });
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const url = `ws://${wsIp}:${String(config.wsPort)}`;
  try {
    await waitUntilAnswering(url, exited, input.readyTimeoutMs ?? 10_000);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new JanusError('failed-to-start', `${reason}\n${log.text().trim()}`);
  }
  const pid = child.pid ?? 0;
  return {
    config,
    url,
    secrets,
    dir,
    pid,
    startupMs: Math.round(performance.now() - started),
    log: () => log.text(),
    residentBytes: () => residentBytes(pid),
    exited,
    stop,
  };
}

async function waitUntilAnswering(
  url: string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stopped: number | null | undefined;
  void exited.then((code) => (stopped = code));
  while (Date.now() < deadline) {
    if (stopped !== undefined) throw new Error(`janus exited with status ${String(stopped)}`);
    if (await probeJanus(url, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Janus did not answer on ${url} within ${String(timeoutMs)} ms`);
}

function freeTcpPort(ip: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, ip, () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function residentBytes(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8').catch(() => null);
  const kb = status === null ? undefined : /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? null : Number(kb) * 1024;
}
