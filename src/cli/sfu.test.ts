import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deriveJanusSecrets,
  JanusClient,
  probeJanus,
  randomSfuSecret,
  VideoRoomAdmin,
} from '../server/index.js';
import { freePort } from '../server/test-support/ports.js';
import { runConfab, runConfabToEnd, type ConfabProcess } from './test-support/confab-process.js';

let proc: ConfabProcess | undefined;
afterEach(async () => {
  // SIGTERM, not SIGKILL: confab must get to stop its Janus even when a test failed.
  await proc?.kill('SIGTERM');
  proc = undefined;
});

function printed(p: ConfabProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (p.stdout().includes(text)) resolve(p.stdout());
    };
    p.child.stdout?.on('data', check);
    void p.exited.then(() => {
      reject(new Error(`confab exited before printing "${text}":\n${p.stdout()}\n${p.stderr()}`));
    });
    check();
  });
}

const rtpArgs = ['--rtp-min-port', '45100', '--rtp-max-port', '45199'];

describe('confab sfu (real Janus)', () => {
  it('runs Janus and prints serve flags that work; stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    proc = runConfab(['sfu', '--port', String(port), ...rtpArgs]);
    const out = await printed(proc, 'Stop with Ctrl-C');
    const url = `ws://127.0.0.1:${String(port)}`;
    expect(out).toContain(`confab serve --sfu-url ${url} --sfu-secret-file `);
    expect(out).toContain('media UDP 45100-45199');
    const file = /--sfu-secret-file (\S+)/.exec(out)?.[1] ?? '';
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(out).not.toContain(secret);
    // The printed secret is what the controller needs: it derives api_secret and admin_key.
    const secrets = deriveJanusSecrets(secret);
    const client = await JanusClient.connect({ url, apiSecret: secrets.apiSecret });
    const admin = await VideoRoomAdmin.attach(client, secrets);
    await admin.createRoom('cli-room');
    expect(await admin.listRooms()).toContainEqual(expect.objectContaining({ room: 'cli-room' }));
    const closed = client.next('closed');
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect((await closed)[0].code).toBe('janus-unreachable');
    expect(await probeJanus(url, 500)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('takes the secret from CONFAB_SFU_SECRET and never prints it', async () => {
    const sfuSecret = randomSfuSecret();
    proc = runConfab(['sfu', '--port', String(await freePort()), ...rtpArgs], {
      CONFAB_SFU_SECRET: sfuSecret,
    });
    const out = await printed(proc, 'Stop with Ctrl-C');
    expect(out).not.toContain(sfuSecret);
    const file = /--sfu-secret-file (\S+)/.exec(out)?.[1] ?? '';
    expect(readFileSync(file, 'utf8').trim()).toBe(sfuSecret);
    const url = /--sfu-url (\S+)/.exec(out)?.[1] ?? '';
    const client = await JanusClient.connect({
      url,
      apiSecret: deriveJanusSecrets(sfuSecret).apiSecret,
    });
    await client.close();
  });

  it('refuses bad flags with status 2 and says how to install Janus when it is missing', async () => {
    const turn = await runConfabToEnd(['sfu', '--turn-server', 'turn.example:3478']);
    expect(turn.code).toBe(2);
    expect(turn.stderr).toContain('--turn-server needs --turn-user and --turn-password');
    const weak = await runConfabToEnd(['sfu'], { CONFAB_SFU_SECRET: 'short' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 16 characters');
    const missing = await runConfabToEnd(['sfu', '--janus-bin', '/nonexistent/janus']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("install Debian's janus package: apt-get install janus");
  });

  it('is listed in confab --help', async () => {
    const { code, stdout } = await runConfabToEnd(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('confab sfu [options]');
  });
});
