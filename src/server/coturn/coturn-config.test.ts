import { describe, expect, it } from 'vitest';
import { renderCoturnConfig, type CoturnConfig } from './coturn-config.js';
import { DENIED_PEER_RANGES } from './deny-list.js';

const base: CoturnConfig = {
  listeningIp: '10.0.0.5',
  relayIp: '10.0.0.5',
  externalIp: '203.0.113.9/10.0.0.5',
  port: 3478,
  tls: null,
  minPort: 49152,
  maxPort: 49407,
  realm: 'turn.example.org',
  secret: 's3cret',
  denyPrivatePeers: true,
  allowRelayToRelay: true,
  allowLoopbackPeers: false,
  stateDir: '/tmp/x',
  procUser: null,
  userQuota: 24,
  totalQuota: 1200,
};

describe('renderCoturnConfig', () => {
  it('writes the hardened options, the deny list and allowed-peer-ip for every own address', () => {
    const lines = renderCoturnConfig(base).split('\n');
    for (const line of [
      'use-auth-secret',
      'static-auth-secret=s3cret',
      'realm=turn.example.org',
      'fingerprint',
      'stale-nonce=600',
      'no-cli',
      'no-tcp-relay',
      'no-multicast-peers',
      'no-software-attribute',
      'no-tls',
      'no-dtls',
      'user-quota=24',
      'external-ip=203.0.113.9/10.0.0.5',
    ]) {
      expect(lines, line).toContain(line);
    }
    expect(lines.filter((l) => l.startsWith('denied-peer-ip='))).toHaveLength(
      DENIED_PEER_RANGES.length,
    );
    expect(lines.filter((l) => l.startsWith('allowed-peer-ip='))).toEqual([
      'allowed-peer-ip=10.0.0.5',
      'allowed-peer-ip=203.0.113.9',
    ]);
    expect(lines).not.toContain('allow-loopback-peers');
    expect(lines.filter((l) => l.startsWith('proc-'))).toEqual([]);
  });

  it('started as root: coturn becomes the given account once its ports are bound', () => {
    const lines = renderCoturnConfig({
      ...base,
      procUser: { user: 'nobody', group: 'nogroup' },
    }).split('\n');
    expect(lines).toContain('proc-user=nobody');
    expect(lines).toContain('proc-group=nogroup');
  });

  it('adds TLS without TLS 1.0/1.1, and no deny list when asked (loopback-only tests)', () => {
    const tls = renderCoturnConfig({
      ...base,
      tls: { port: 5349, certFile: '/c.pem', keyFile: '/k.pem' },
      denyPrivatePeers: false,
      allowLoopbackPeers: true,
      externalIp: null,
    });
    expect(tls).toContain(
      'tls-listening-port=5349\ncert=/c.pem\npkey=/k.pem\nno-tlsv1\nno-tlsv1_1\n',
    );
    expect(tls).not.toContain('no-tls\n');
    expect(tls).not.toContain('denied-peer-ip');
    expect(tls).toContain('allow-loopback-peers');
  });
});
