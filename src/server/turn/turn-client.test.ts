import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineAddress, startCoturn, type RunningCoturn } from '../test-support/coturn.js';
import { freePort } from '../test-support/ports.js';
import { selfSignedCertificate } from '../test-support/tls-cert.js';
import { mintTurnCredentials } from '../turn-credentials.js';
import { runRelaySelfTest } from './relay-self-test.js';
import { TurnClient, TurnError } from './turn-client.js';

const SECRET = 'relay-self-test-secret';
let turn: RunningCoturn;

beforeAll(async () => {
  // The production deny list on this machine's address: relay-to-relay works only through
  // allowed-peer-ip for the relay's own address (loopback peers would need allow-loopback-peers).
  turn = await startCoturn({ secret: SECRET, host: machineAddress(), denyPrivatePeers: true });
});
afterAll(async () => {
  await turn.stop();
});

const url = (transport: 'udp' | 'tcp'): string =>
  `turn:${turn.host}:${String(turn.port)}?transport=${transport}`;
const valid = (): { username: string; credential: string } =>
  mintTurnCredentials(SECRET, 'self-test', 600, Date.now());

describe('Node TURN client against a real coturn', () => {
  it('answers STUN Binding with our address', async () => {
    const client = await TurnClient.connect(
      { host: turn.host, port: turn.port, transport: 'udp' },
      2000,
    );
    try {
      expect(await client.binding()).toMatchObject({ family: 'IPv4', address: turn.host });
    } finally {
      await client.close();
    }
  });

  it('relays data relay-to-relay over UDP and over TCP (production deny list + allowed-peer-ip)', async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const result = await runRelaySelfTest(url(transport), valid());
      expect(result, JSON.stringify(result)).toMatchObject({ outcome: 'works', code: null });
      expect(result.rttMs).toBeGreaterThan(0);
      expect(result.relayedAddress?.startsWith(`${turn.host}:`)).toBe(true);
    }
  });

  it('is refused with 401 for expired, wrongly signed and tampered credentials', async () => {
    const good = valid();
    const cases = {
      expired: mintTurnCredentials(SECRET, 'self-test', 60, Date.now() - 120_000),
      wrongSecret: mintTurnCredentials('not-the-secret', 'self-test', 600, Date.now()),
      tampered: { ...good, username: good.username.replace(':self-test', ':mallory') },
    };
    for (const [label, credentials] of Object.entries(cases)) {
      const result = await runRelaySelfTest(url('udp'), credentials);
      expect(result, label).toMatchObject({
        outcome: 'fails',
        code: 'unauthorized',
        stunCode: 401,
      });
      expect(result.detail).toMatch(/refused the credentials \(401\)/);
    }
  });

  it('reports an unreachable server (nothing listening) with the 701 explanation', async () => {
    const port = await freePort();
    for (const transport of ['udp', 'tcp'] as const) {
      const result = await runRelaySelfTest(
        `turn:127.0.0.1:${String(port)}?transport=${transport}`,
        valid(),
        { timeoutMs: 1500 },
      );
      expect(result, transport).toMatchObject({ outcome: 'fails' });
      expect(['unreachable', 'timeout']).toContain(result.code);
      expect(result.detail).toMatch(/could not be reached or did not answer in time \(701\)/);
    }
  });

  it('turns bad URLs into a typed failure', async () => {
    const result = await runRelaySelfTest('http://example.org', valid());
    expect(result).toMatchObject({ outcome: 'fails', code: 'bad-url' });
    await expect(
      TurnClient.connect({ host: 'no-such-host.invalid', port: 3478, transport: 'udp' }, 1000),
    ).rejects.toBeInstanceOf(TurnError);
  });
});

describe('relay self-test diagnoses', () => {
  it('relays over TURN/TLS (turns:) and refuses a certificate it does not trust', async () => {
    const cert = await selfSignedCertificate(turn.host);
    const tls = await startCoturn({
      secret: SECRET,
      host: turn.host,
      denyPrivatePeers: true,
      tls: cert,
    });
    try {
      const url = `turns:${tls.host}:${String(tls.process.config.tls?.port ?? 0)}?transport=tcp`;
      const trusted = await runRelaySelfTest(url, valid(), { tlsCa: cert.pem });
      expect(trusted, trusted.detail).toMatchObject({ outcome: 'works' });
      const untrusted = await runRelaySelfTest(url, valid());
      expect(untrusted).toMatchObject({ outcome: 'fails', code: 'tls' });
      expect(untrusted.detail).toMatch(/TLS certificate is not trusted.*self-signed certificate/);
    } finally {
      await tls.stop();
      await cert.remove();
    }
  });

  it('explains a coturn that denies its own relay address (no allowed-peer-ip): 403', async () => {
    const strict = await startCoturn({
      secret: SECRET,
      host: turn.host,
      denyPrivatePeers: true,
      allowRelayToRelay: false,
    });
    try {
      const result = await runRelaySelfTest(`turn:${strict.host}:${String(strict.port)}`, valid());
      expect(result).toMatchObject({ outcome: 'fails', code: 'forbidden', stunCode: 403 });
      expect(result.detail).toMatch(/relay-to-relay calls through one coturn need allowed-peer-ip/);
    } finally {
      await strict.stop();
    }
  });
});
