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

const EXAMPLE_SCRIPT = "\n      import { Mesh } from '/lib/confab.js';\n";

async function webRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'confab-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(
    join(root, 'index.html'),
    '<!doctype html><title>app</title><script type="module" src="/assets/a.js"></script>',
  );
  await writeFile(join(root, 'assets', 'a.js'), 'export {};');
  await writeFile(
    join(root, 'example.html'),
    `<!doctype html><style>b { color: red; }</style><script type="module">${EXAMPLE_SCRIPT}</script>`,
  );
  return root;
}

describe('security headers', () => {
  it('are on every response: pages get their CSP, everything else may load nothing', async () => {
    const server = await startTestServer({ staticDir: await webRoot() });
    running = server;
    for (const path of ['/', '/healthz', '/metrics', '/missing.js', '/api/ice-servers']) {
      const response = await fetch(`${server.httpUrl}${path}`);
      const headers = response.headers;
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(headers.get('x-frame-options'), path).toBe('DENY');
      expect(headers.get('permissions-policy'), path).toContain(
        'camera=(self), microphone=(self), display-capture=(self)',
      );
      expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      // Plain HTTP: no HSTS (browsers would ignore it; it belongs to TLS responses).
      expect(headers.get('strict-transport-security'), path).toBeNull();
    }
    const page = (await fetch(`${server.httpUrl}/`)).headers.get('content-security-policy');
    expect(page).toContain("script-src 'self';");
    expect(page).toContain("connect-src 'self'");
    expect(page).not.toContain('unsafe-inline');
    expect((await fetch(`${server.httpUrl}/healthz`)).headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('allows a page’s own inline blocks by their hash, and nothing else inline', async () => {
    const server = await startTestServer({ staticDir: await webRoot() });
    running = server;
    const policy = (await fetch(`${server.httpUrl}/example.html`)).headers.get(
      'content-security-policy',
    );
    const { createHash } = await import('node:crypto');
    const hash = (text: string): string =>
      `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(policy).toContain(`script-src 'self' ${hash(EXAMPLE_SCRIPT)};`);
    expect(policy).toContain(`style-src 'self' ${hash('b { color: red; }')};`);
  });

  it('lets pages connect to the other origins of the deployment (--allowed-origin)', async () => {
    running = await startTestServer({
      staticDir: await webRoot(),
      allowedOrigins: ['https://node-b.example.org'],
    });
    const policy = (await fetch(`${running.httpUrl}/`)).headers.get('content-security-policy');
    expect(policy).toContain(
      "connect-src 'self' https://node-b.example.org wss://node-b.example.org;",
    );
  });

  it('sends HSTS when the browser came over TLS to the trusted proxy', async () => {
    running = await startTestServer({ trustProxy: true });
    const viaTls = await fetch(`${running.httpUrl}/healthz`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(viaTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const plain = await fetch(`${running.httpUrl}/healthz`, {
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('/metrics', () => {
  it('answers local clients only, unless a bearer token is configured', async () => {
    running = await startTestServer();
    expect((await fetch(`${running.httpUrl}/metrics`)).status).toBe(200);
    // Through a proxy on this machine, every visitor would look local: refused.
    const proxied = await fetch(`${running.httpUrl}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.status).toBe(403);
    await running.stop();

    const token = 'metrics-token-for-the-test';
    running = await startTestServer({ metricsToken: token });
    const url = `${running.httpUrl}/metrics`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^confab_connections /m);
  });
});
