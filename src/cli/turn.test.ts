import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runRelaySelfTest } from '../server/turn/relay-self-test.js';
import { mintTurnCredentials } from '../server/turn-credentials.js';
import { machineAddress } from '../server/test-support/coturn.js';
import { freePort } from '../server/test-support/ports.js';
import { runConfab, runConfabToEnd, type ConfabProcess } from './test-support/confab-process.js';

let proc: ConfabProcess | undefined;
afterEach(async () => {
  // SIGTERM, not SIGKILL: confab must get to stop its coturn even when a test failed.
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

describe('confab turn (real coturn)', () => {
  it('runs coturn unprivileged and prints serve flags that work; stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const ip = machineAddress();
    proc = runConfab([
      'turn',
      '--listen-ip',
      ip,
      '--port',
      String(port),
      '--min-port',
      '45000',
      '--max-port',
      '45099',
    ]);
    const out = await printed(proc, 'Stop with Ctrl-C');
    const secretFile = /--turn-secret-file (\S+)/.exec(out)?.[1] ?? '';
    const udpUrl = /--turn-url '?(turn:[^\s']+transport=udp)/.exec(out)?.[1] ?? '';
    expect(udpUrl).toBe(`turn:${ip}:${String(port)}?transport=udp`);
    expect(out).toContain(`--stun-url stun:${ip}:${String(port)}`);
    expect(statSync(secretFile).mode & 0o077).toBe(0);
    const secret = readFileSync(secretFile, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(out).not.toContain(secret);
    // The deny list covers every private/special range (this machine's address too), so
    // relay-to-relay works only because coturn allows its own relay address.
    const result = await runRelaySelfTest(
      udpUrl,
      mintTurnCredentials(secret, 'cli-test', 60, Date.now()),
    );
    expect(result, result.detail).toMatchObject({ outcome: 'works' });
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(secretFile)).toBe(false);
  });

  it('says how to install coturn when turnserver is missing', async () => {
    const { code, stderr } = await runConfabToEnd(['turn', '--listen-ip', '127.0.0.1'], {
      PATH: '/nonexistent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('turnserver (coturn) is not installed: apt-get install coturn');
  });
});

describe('confab serve --with-turn', () => {
  it('starts coturn and the server together; the start-up relay self-test passes', async () => {
    proc = runConfab(['serve', '--with-turn', '--host', '127.0.0.1', '--port', '0']);
    const started = await proc.waitForLog((line) => line['msg'] === 'local coturn started');
    expect(started['turnUrls']).toEqual([
      expect.stringMatching(/^turn:[\d.]+:\d+\?transport=udp$/),
      expect.stringMatching(/^turn:[\d.]+:\d+\?transport=tcp$/),
    ]);
    const verdict = await proc.waitForLog((line) => line['msg'] === 'turn self-test verdict');
    expect(verdict).toMatchObject({ verdict: 'works' });
    expect(proc.logs().filter((l) => l['msg'] === 'turn self-test')).toHaveLength(2);
    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    expect(proc.stdout()).not.toMatch(/static-auth-secret|"turnSecret"/);
  });

  it('refuses --with-turn together with --turn-url', async () => {
    const { code, stderr } = await runConfabToEnd([
      'serve',
      '--with-turn',
      '--turn-url',
      'turn:x',
      '--turn-secret',
      's',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--with-turn starts its own coturn');
  });
});

describe('confab doctor and confab turn command lines', () => {
  it('exit with status 2 and a clear message on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['doctor'], /--server needs the base URL/],
      [['doctor', '--server', 'http://h', '--policy', 'some'], /--policy must be all or relay/],
      [['turn', '--tls-cert', 'c.pem'], /--tls-cert and --tls-key must be given together/],
      [['serve', '--turn-tls-port', '443'], /--turn-tls-port needs --with-turn/],
      [
        ['serve', '--with-turn', '--turn-tls-cert', 'c.pem'],
        /--turn-tls-cert and --turn-tls-key must be given together/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runConfabToEnd(args)));
    results.forEach(({ code, stderr }, i) => {
      expect(code, cases[i]?.[0].join(' ')).toBe(2);
      expect(stderr).toMatch(cases[i]?.[1] ?? /never/);
    });
  });
});
