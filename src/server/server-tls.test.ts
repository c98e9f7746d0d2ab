import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';
import { get } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalHub } from './local-hub.js';
import { DEFAULT_SERVER_OPTIONS } from './options.js';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'confab-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  return { cert, key };
}

describe('TLS', () => {
  it('serves wss:// with --tls-cert/--tls-key', async () => {
    const { cert, key } = selfSignedCertificate();
    running = await startTestServer({ tlsCertFile: cert, tlsKeyFile: key });
    expect(running.wsUrl).toMatch(/^wss:\/\//);
    const client = await running.connect({ rejectUnauthorized: false });
    expect((await client.join('secure', 'Ann')).self.name).toBe('Ann');
    // Pages of this server are https pages: that is the origin a browser sends.
    const origin = running.httpUrl;
    expect(origin).toMatch(/^https:\/\//);
    await running.connect({ rejectUnauthorized: false, origin });
    await expect(
      running.connect({ rejectUnauthorized: false, origin: origin.replace('https', 'http') }),
    ).rejects.toThrow(/403/);
    const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      get(`${origin}/healthz`, { rejectUnauthorized: false }, (response) => {
        response.resume();
        resolve(response.headers);
      }).on('error', reject);
    });
    expect(headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('a failing hub', () => {
  it('answers unavailable and closes with 1013 instead of crashing', async () => {
    class BrokenHub extends LocalHub {
      override join(): never {
        throw new Error('state store unreachable');
      }
    }
    running = await startTestServer({}, new BrokenHub(DEFAULT_SERVER_OPTIONS));
    const client = await running.connect();
    client.send({ type: 'join', v: 3, room: 'r', name: 'Ann' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'unavailable' });
    expect((await client.closed).code).toBe(1013);
    expect((await fetch(`${running.httpUrl}/healthz`)).status).toBe(200);
  });
});
