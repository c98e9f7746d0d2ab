import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type RunningCoturn } from '../test-support/coturn.js';
import { mintTurnCredentials } from '../turn-credentials.js';
import { runRelaySelfTest } from '../turn/relay-self-test.js';
import { TurnClient, TurnError } from '../turn/turn-client.js';
import { DENIED_PEER_RANGES } from './deny-list.js';

const run = promisify(execFile);
const SECRET = 'deny-list-secret';

// coturn runs inside a network namespace this test creates: its only interface is one end of
// a veth pair with a 198.19.x.0/30 address and it has no route anywhere else, so even a
// misconfigured relay could not reach a real private network.
const octet = randomInt(0, 256);
const NS = `confab-deny-${String(process.pid)}`;
const HOST_IF = `cfd${String(process.pid % 100000)}h`;
const NS_IF = `cfd${String(process.pid % 100000)}n`;
const HOST_IP = `198.19.${String(octet)}.1`;
const RELAY_IP = `198.19.${String(octet)}.2`;

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

let turn: RunningCoturn | undefined;

beforeAll(async () => {
  if (process.getuid?.() !== 0)
    throw new Error('the deny-list test needs root to create a network namespace');
  await ip('netns', 'add', NS);
  try {
    await ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    await ip('link', 'set', NS_IF, 'netns', NS);
    await ip('addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF);
    await ip('link', 'set', HOST_IF, 'up');
    await ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${RELAY_IP}/30`, 'dev', NS_IF);
    await ip('netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up');
    await ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
    turn = await startCoturn({
      secret: SECRET,
      host: RELAY_IP,
      netns: NS,
      denyPrivatePeers: true,
      allowLoopbackPeers: false,
    });
  } catch (error) {
    await ip('netns', 'del', NS).catch(() => undefined);
    throw error;
  }
});

afterAll(async () => {
  await turn?.stop();
  // Deleting the namespace also deletes both ends of the veth pair.
  await ip('netns', 'del', NS).catch(() => undefined);
});

const credentials = (): { username: string; credential: string } =>
  mintTurnCredentials(SECRET, 'deny-probe', 600, Date.now());

describe('production deny list against a real coturn (in a network namespace)', () => {
  it('refuses relaying to private, loopback, link-local, metadata and other special peers (403)', async () => {
    const client = await TurnClient.connect(
      { host: RELAY_IP, port: turn?.port ?? 0, transport: 'udp' },
      3000,
    );
    const probes = [
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '127.0.0.2',
      '0.0.0.0',
      '169.254.169.254',
      '169.254.0.1',
      '100.64.0.1',
      HOST_IP,
      '192.0.2.1',
      '203.0.113.5',
      '224.0.0.1',
      '240.0.0.1',
    ];
    const outcomes: Record<string, number | string> = {};
    try {
      await client.allocate(credentials());
      for (const address of probes) {
        outcomes[address] = await client
          .createPermission({ family: 'IPv4', address, port: 9 })
          .then(
            () => 'allowed',
            (error: unknown) =>
              error instanceof TurnError ? (error.stunCode ?? error.code) : String(error),
          );
      }
      // IPv4-in-IPv6 and IPv6 peers: refused too (the relay is IPv4 only: 443 family mismatch).
      for (const address of [
        '::ffff:127.0.0.1',
        '::ffff:10.0.0.1',
        '64:ff9b::a00:1',
        '::1',
        'fe80::1',
        'fd00::1',
      ]) {
        outcomes[address] = await client
          .createPermission({ family: 'IPv6', address, port: 9 })
          .then(
            () => 'allowed',
            (error: unknown) =>
              error instanceof TurnError ? (error.stunCode ?? error.code) : String(error),
          );
      }
    } finally {
      await client.close();
    }
    console.log('deny-list probes:', JSON.stringify(outcomes));
    for (const address of probes) expect(outcomes[address], address).toBe(403);
    for (const [address, outcome] of Object.entries(outcomes).filter(([a]) => a.includes(':'))) {
      expect([403, 440, 443], address).toContain(outcome);
    }
  });

  it('still relays relay-to-relay through allowed-peer-ip for its own address', async () => {
    const result = await runRelaySelfTest(
      `turn:${RELAY_IP}:${String(turn?.port ?? 0)}`,
      credentials(),
    );
    expect(result, result.detail).toMatchObject({ outcome: 'works' });
  });

  it('ships the same deny list in deploy/coturn/turnserver.conf', async () => {
    const template = await readFile(
      new URL('../../../deploy/coturn/turnserver.conf', import.meta.url),
      'utf8',
    );
    const shipped = [...template.matchAll(/^denied-peer-ip=(\S+)/gm)].map((m) => m[1]);
    expect(shipped).toEqual(DENIED_PEER_RANGES.map((r) => r.range));
  });
});
