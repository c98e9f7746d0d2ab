import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyRoomToken } from '../server/index.js';
import { freePort } from '../server/test-support/ports.js';
import { runConfab, runConfabToEnd, type ConfabProcess } from './test-support/confab-process.js';

const running: ConfabProcess[] = [];
afterEach(async () => {
  // SIGTERM first: confab must get to stop its Janus even when a test failed.
  await Promise.all(running.splice(0).map((p) => p.kill('SIGTERM')));
});

function run(args: string[], env: NodeJS.ProcessEnv = {}): ConfabProcess {
  const proc = runConfab(args, env);
  running.push(proc);
  return proc;
}

async function readyz(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${String(port)}/readyz`)).text();
}

describe('confab serve with an SFU (real processes)', () => {
  it('--with-sfu runs a local Janus, is ready with it, and stops it on SIGTERM', async () => {
    const server = run(['serve', '--host', '127.0.0.1', '--port', '0', '--with-sfu']);
    const janus = await server.waitForLog((line) => line['msg'] === 'local Janus up');
    const listening = await server.waitForLog((line) => line['msg'] === 'listening');
    const port = Number(listening['port']);
    await expect.poll(() => readyz(port)).toBe('ready\n');
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(existsSync(`/proc/${String(janus['pid'])}`)).toBe(false);
  });

  it('--with-sfu without Janus installed says what to install, with status 1', async () => {
    const result = await runConfabToEnd(['serve', '--port', '0', '--with-sfu'], {
      PATH: '/nonexistent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("install Debian's janus package: apt-get install janus");
  });

  it('serves with the Janus of confab sfu through the printed --sfu-secret-file', async () => {
    const sfu = run(['sfu', '--port', String(await freePort())]);
    await expect.poll(() => sfu.stdout(), { timeout: 10_000 }).toContain('Stop with Ctrl-C');
    const command = /confab serve (--sfu-url \S+ --sfu-secret-file \S+)/.exec(sfu.stdout())?.[1];
    expect(command).toBeDefined();
    const server = run([
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...(command ?? '').split(' '),
    ]);
    const listening = await server.waitForLog((line) => line['msg'] === 'listening');
    await expect.poll(() => readyz(Number(listening['port']))).toBe('ready\n');
  });

  it('refuses an SFU configuration that cannot work with status 2 (more: serve-options.test.ts)', async () => {
    const { code, stderr } = await runConfabToEnd(['--sfu-secret-file', '/nonexistent/secret']);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read --sfu-secret-file /nonexistent/secret');
  });

  it('token --mesh-only mints a token that pins the room', async () => {
    const env = { CONFAB_AUTH_SECRET: 'cli-secret-long-enough-for-hs256-keys' };
    const pinned = await runConfabToEnd(['token', '--room', 'quiet', '--mesh-only'], env);
    expect(
      await verifyRoomToken('cli-secret-long-enough-for-hs256-keys', pinned.stdout.trim(), 'quiet'),
    ).toEqual({
      ok: true,
      mesh: true,
      host: false,
      lobby: false,
    });
  });
});
