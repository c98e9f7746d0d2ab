import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function webRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'confab-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'doctor.html'), '<!doctype html><title>doctor</title>');
  await writeFile(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(root, '..', 'confab-secret.txt'), 'do not serve').catch(() => undefined);
  return root;
}

describe('HTTP endpoints', () => {
  it('reports health, readiness and Prometheus metrics', async () => {
    running = await startTestServer();
    expect((await fetch(`${running.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.httpUrl}/readyz`)).status).toBe(200);
    const ann = await running.member('r', 'Ann');
    const bob = await running.member('r', 'Bob');
    bob.client.send({
      type: 'signal',
      to: ann.id,
      data: { description: { type: 'offer', sdp: 'v=0' } },
    });
    await ann.client.nextOf('signal');
    bob.client.send({ type: 'signal', to: 'nobody', data: { candidate: null } });
    await bob.client.nextOf('error');
    const metrics = await (await fetch(`${running.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^confab_connections 2$/m);
    expect(metrics).toMatch(/^confab_rooms 1$/m);
    expect(metrics).toMatch(/^confab_peers 2$/m);
    expect(metrics).toMatch(/^confab_messages_relayed_total\{kind="offer"\} 1$/m);
    expect(metrics).toMatch(/^confab_errors_total\{code="unknown-peer"\} 1$/m);
    expect(metrics).toMatch(/^confab_relay_latency_seconds_count 1$/m);
    expect(metrics).toMatch(/^confab_joins_total\{outcome="joined"\} 2$/m);
  });

  it('serves the web app: files, app routes to index.html, pages by name, never outside its root', async () => {
    const server = await startTestServer({ staticDir: await webRoot() });
    running = server;
    const get = (path: string) => fetch(`${server.httpUrl}${path}`);
    expect(await (await get('/')).text()).toContain('<title>app</title>');
    expect(await (await get('/r/daily-standup')).text()).toContain('<title>app</title>');
    expect(await (await get('/doctor')).text()).toContain('<title>doctor</title>');
    const asset = await get('/assets/app-1234.js');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/%2e%2e/confab-secret.txt')).status).toBe(404);
    expect((await get('/..%2fconfab-secret.txt')).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/`, { method: 'POST' })).status).toBe(405);
  });
});
