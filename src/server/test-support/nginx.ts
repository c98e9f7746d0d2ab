import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';

const DEPLOY = fileURLToPath(new URL('../../../deploy/nginx/', import.meta.url));

export interface RunningNginx {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs Debian's nginx with the shipped deploy/nginx files in front of `upstreamPorts`:
 * the `map`, `limit_conn_zone` and `upstream` blocks of confab.conf (its ports replaced),
 * then a plain-HTTP server including confab-proxy.conf as it is.
 */
export async function startNginx(upstreamPorts: readonly number[]): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-nginx-'));
  const port = await freePort();
  const site = await readFile(join(DEPLOY, 'confab.conf'), 'utf8');
  const map = /^map \$http_upgrade[\s\S]*?^\}/m.exec(site)?.[0];
  const upstream = /^upstream confab_nodes \{[\s\S]*?^\}/m.exec(site)?.[0];
  const zones = site.match(/^limit_conn_zone .*;$/gm) ?? [];
  if (map === undefined || upstream === undefined)
    throw new Error('deploy/nginx/confab.conf lacks its map or upstream block');
  const servers = upstreamPorts.map(
    (upstreamPort) => `    server 127.0.0.1:${String(upstreamPort)} max_fails=1 fail_timeout=10s;`,
  );
  const testUpstream = upstream
    .replace(/^\s*server 127\.0\.0\.1:\d+.*\n/gm, '')
    .replace(/upstream confab_nodes \{\n/, (opening) => `${opening}${servers.join('\n')}\n`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `  ${kind}_temp_path ${join(dir, kind)};`,
  );
  const config = [
    'daemon off;',
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    ...temp,
    map,
    ...zones,
    testUpstream,
    `  server {\n    listen 127.0.0.1:${String(port)};`,
    `    include ${join(DEPLOY, 'confab-proxy.conf')};\n  }`,
    '}',
  ].join('\n');
  await writeFile(join(dir, 'nginx.conf'), config);
  const child = spawn(
    '/usr/sbin/nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const httpUrl = `http://127.0.0.1:${String(port)}`;
  // nginx says nothing when it is up: ask until it answers (bounded).
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${errors}\n${config}`);
    const answered = await fetch(`${httpUrl}/healthz`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer:\n${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${String(port)}/ws`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
