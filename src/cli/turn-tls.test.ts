import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runRelaySelfTest } from '../server/turn/relay-self-test.js';
import { mintTurnCredentials } from '../server/turn-credentials.js';
import {
  selfSignedCertificate,
  testCertificateAuthority,
  type TestCertificateAuthority,
} from '../server/test-support/tls-cert.js';
import { turnsHost } from './local-coturn.js';
import { runConfab, type ConfabProcess } from './test-support/confab-process.js';

const run = promisify(execFile);

// TURN over TLS on 443, as networks that let out only web traffic need it. Port 443 is
// privileged, and may be taken on this machine: coturn runs inside a network namespace this
// test creates (its own port space), reached over a veth pair with 198.19.x.0/30 addresses.
const octet = randomInt(0, 256);
const NS = `confab-tls-${String(process.pid)}`;
const HOST_IF = `cft${String(process.pid % 100000)}h`;
const NS_IF = `cft${String(process.pid % 100000)}n`;
const HOST_IP = `198.19.${String(octet)}.5`;
const TURN_IP = `198.19.${String(octet)}.6`;

let ca: TestCertificateAuthority | undefined;
let cert: { certFile: string; keyFile: string } | undefined;
let proc: ConfabProcess | undefined;

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

beforeAll(async () => {
  if (process.getuid?.() !== 0)
    throw new Error('the TURN-over-TLS-on-443 test needs root (a network namespace, port 443)');
  await ip('netns', 'add', NS);
  try {
    await ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    await ip('link', 'set', NS_IF, 'netns', NS);
    await ip('addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF);
    await ip('link', 'set', HOST_IF, 'up');
    await ip('-n', NS, 'addr', 'add', `${TURN_IP}/30`, 'dev', NS_IF);
    await ip('-n', NS, 'link', 'set', NS_IF, 'up');
    await ip('-n', NS, 'link', 'set', 'lo', 'up');
    ca = await testCertificateAuthority();
    cert = await ca.issue({ ip: [TURN_IP] });
  } catch (error) {
    await ip('netns', 'del', NS).catch(() => undefined);
    throw error;
  }
});

afterEach(async () => {
  await proc?.kill('SIGTERM');
  proc = undefined;
});

afterAll(async () => {
  await ca?.remove();
  await ip('netns', 'del', NS).catch(() => undefined);
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

/** The real uid of a process, from /proc. */
function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('Uid:'));
  return Number(line?.split(/\s+/)[1]);
}

describe('TURN over TLS on port 443 (real coturn, started as root)', () => {
  it('confab turn binds 443, then runs as nobody; the client verifies the certificate', async () => {
    if (cert === undefined || ca === undefined) throw new Error('no certificate');
    proc = runConfab(
      [
        'turn',
        '--listen-ip',
        TURN_IP,
        '--min-port',
        '45100',
        '--max-port',
        '45199',
        '--tls-cert',
        cert.certFile,
        '--tls-key',
        cert.keyFile,
        '--tls-port',
        '443',
      ],
      {},
      NS,
    );
    const out = await printed(proc, 'Stop with Ctrl-C');
    const turnsUrl = `turns:${TURN_IP}:443?transport=tcp`;
    expect(out).toContain(`TURN over TLS as ${turnsUrl}`);
    expect(out).toContain(`--turn-url '${turnsUrl}'`);
    const secretFile = /--turn-secret-file (\S+)/.exec(out)?.[1] ?? '';
    const pid = Number(readFileSync(join(dirname(secretFile), 'turnserver.pid'), 'utf8'));
    expect(uidOf(pid)).toBe(65534);
    const credentials = mintTurnCredentials(
      readFileSync(secretFile, 'utf8').trim(),
      'tls-test',
      60,
      Date.now(),
    );
    const trusted = await runRelaySelfTest(turnsUrl, credentials, { tlsCa: ca.pem });
    expect(trusted, trusted.detail).toMatchObject({ outcome: 'works' });
    // The same server without trusting the test CA: the certificate check is really on.
    const untrusted = await runRelaySelfTest(turnsUrl, credentials, { timeoutMs: 3000 });
    expect(untrusted.outcome).toBe('fails');
    expect(untrusted.detail).toMatch(/certificate/i);
  });

  it('confab serve --with-turn --turn-tls-port 443: the start-up self-test relays over all three URLs', async () => {
    if (cert === undefined || ca === undefined) throw new Error('no certificate');
    proc = runConfab(
      [
        'serve',
        '--with-turn',
        '--host',
        TURN_IP,
        '--port',
        '8080',
        '--turn-tls-cert',
        cert.certFile,
        '--turn-tls-key',
        cert.keyFile,
        '--turn-tls-port',
        '443',
      ],
      // The server's own self-test checks the certificate like any client.
      { NODE_EXTRA_CA_CERTS: ca.certFile },
      NS,
    );
    const started = await proc.waitForLog((line) => line['msg'] === 'local coturn started');
    expect(started['turnUrls']).toEqual([
      `turn:${TURN_IP}:3478?transport=udp`,
      `turn:${TURN_IP}:3478?transport=tcp`,
      `turns:${TURN_IP}:443?transport=tcp`,
    ]);
    const verdict = await proc.waitForLog((line) => line['msg'] === 'turn self-test verdict');
    expect(verdict['summary']).toContain('3 of 3 URLs');
  });
});

describe('turnsHost', () => {
  it("names the certificate's first DNS name (no wildcard), else the address", async () => {
    const authority = await testCertificateAuthority();
    const selfSigned = await selfSignedCertificate('192.0.2.7');
    try {
      const named = await authority.issue({
        dns: ['*.example.org', 'turn.example.org'],
        ip: ['192.0.2.7'],
      });
      expect(turnsHost(named.certFile, '192.0.2.7')).toBe('turn.example.org');
      expect(turnsHost(selfSigned.certFile, '192.0.2.7')).toBe('192.0.2.7');
      expect(() => turnsHost('/nonexistent.pem', '192.0.2.7')).toThrow(/cannot read/);
    } finally {
      await authority.remove();
      await selfSigned.remove();
    }
  });
});
