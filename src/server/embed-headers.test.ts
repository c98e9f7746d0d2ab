import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

const SITE = 'https://intranet.example.org';

async function webRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'confab-embed-web-'));
  await mkdir(join(root, 'lib'));
  await writeFile(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  await writeFile(join(root, 'doctor.html'), '<!doctype html><p>doctor</p>');
  await writeFile(join(root, 'lib', 'embed.js'), 'export {};');
  return root;
}

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

async function server(embedOrigins: string[]): Promise<RunningServer> {
  const started = await startTestServer({ staticDir: await webRoot(), embedOrigins });
  servers.push(started);
  return started;
}

describe('embedding (--embed-origin)', () => {
  it('lets only the listed sites frame the app page, and no other page', async () => {
    const { httpUrl } = await server([SITE]);
    const app = await fetch(`${httpUrl}/r/weekly?embed=1&parent=${encodeURIComponent(SITE)}`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${SITE}`);
    expect(app.headers.get('x-frame-options')).toBeNull();
    const doctor = await fetch(`${httpUrl}/doctor.html`);
    expect(doctor.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(doctor.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses an embed URL naming another parent, and frames nothing by default', async () => {
    const { httpUrl } = await server([SITE]);
    const other = await fetch(
      `${httpUrl}/r/weekly?embed=1&parent=${encodeURIComponent('https://evil.example')}`,
    );
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('--embed-origin');
    const closed = await server([]);
    const app = await fetch(`${closed.httpUrl}/r/weekly`);
    expect(app.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(app.headers.get('x-frame-options')).toBe('DENY');
    const refused = await fetch(`${closed.httpUrl}/r/weekly?embed=1&parent=${SITE}`);
    expect(refused.status).toBe(403);
  });

  it('serves /lib/ to other sites’ pages (CORS), without credentials', async () => {
    const { httpUrl } = await server([]);
    const lib = await fetch(`${httpUrl}/lib/embed.js`, { headers: { origin: SITE } });
    expect(lib.status).toBe(200);
    expect(lib.headers.get('access-control-allow-origin')).toBe('*');
    expect(lib.headers.get('access-control-allow-credentials')).toBeNull();
    const page = await fetch(`${httpUrl}/`, { headers: { origin: SITE } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an --embed-origin that is not an origin', async () => {
    await expect(server(['intranet.example.org'])).rejects.toThrow(/not an origin/);
  });
});
