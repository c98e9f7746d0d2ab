import { describe, expect, it } from 'vitest';
import type { ConnectionStats } from '../../client/index.js';
import { connectionHint, hasTurnServer, type HintInput } from './connection-hint.js';
import { connectionSummary, formatBitrate, pairType } from './connection-summary.js';

const direct: ConnectionStats = {
  localType: 'host',
  remoteType: 'host',
  protocol: 'udp',
  rttMs: 2,
  bytesReceived: 1000,
  timestamp: 1,
  samePublicAddress: false,
  packetsReceived: 0,
  packetsLost: 0,
  framesPerSecond: null,
};

const input = (overrides: Partial<HintInput> = {}): HintInput => ({
  state: 'connected',
  stats: direct,
  bitrate: 800_000,
  turnConfigured: false,
  expectsMedia: true,
  connectingForMs: 0,
  everConnected: true,
  ...overrides,
});

const key = (overrides: Partial<HintInput>) => connectionHint(input(overrides))?.key ?? null;

describe('connectionHint', () => {
  it('says nothing when a direct UDP connection carries media', () => {
    expect(connectionHint(input())).toBeNull();
  });

  it('explains a failed connection by whether TURN is configured', () => {
    expect(connectionHint(input({ state: 'failed' }))).toEqual({
      key: 'hint.failedNoTurn',
      severity: 'error',
    });
    expect(key({ state: 'failed', turnConfigured: true })).toBe('hint.failedTurn');
  });

  it('says when a connection cannot exist at all, and on whose side', () => {
    expect(key({ state: 'unsupported' })).toBe('hint.unsupported');
    expect(key({ state: 'failed', failure: 'no-peer-connection' })).toBe('hint.noPeerConnection');
    expect(key({ state: 'failed', failure: 'remote-no-peer-connection' })).toBe(
      'hint.remoteNoPeerConnection',
    );
    expect(key({ state: 'failed', failure: 'connect-timeout', turnConfigured: true })).toBe(
      'hint.failedTurn',
    );
  });

  it('shows reconnecting during an ICE restart', () => {
    expect(key({ state: 'reconnecting' })).toBe('hint.reconnecting');
  });

  it('calls restarts of a connection that never worked a failure, with its reason', () => {
    expect(key({ state: 'reconnecting', everConnected: false })).toBe('hint.failedNoTurn');
    expect(key({ state: 'reconnecting', everConnected: false, turnConfigured: true })).toBe(
      'hint.failedTurn',
    );
  });

  it('warns about a slow connection attempt only without TURN and after a while', () => {
    expect(key({ state: 'connecting', connectingForMs: 2000 })).toBeNull();
    expect(key({ state: 'connecting', connectingForMs: 10_000 })).toBe('hint.slowConnecting');
    expect(key({ state: 'connecting', connectingForMs: 60_000, turnConfigured: true })).toBeNull();
  });

  it('blames blocked UDP for a relay over TCP or TLS', () => {
    for (const protocol of ['tcp', 'tls'] as const)
      expect(key({ stats: { ...direct, localType: 'relay', protocol } })).toBe(
        'hint.relayTcpLocal',
      );
    expect(key({ stats: { ...direct, localType: 'relay', protocol: 'udp' } })).toBeNull();
    expect(key({ stats: { ...direct, protocol: 'tcp' } })).toBe('hint.tcpDirect');
  });

  it('explains a relay between two people on one network: it keeps devices apart', () => {
    const relayed = { ...direct, localType: 'relay' as const, samePublicAddress: true };
    expect(connectionHint(input({ stats: relayed }))).toEqual({
      key: 'hint.isolated',
      severity: 'warning',
    });
    expect(key({ stats: { ...direct, remoteType: 'relay', samePublicAddress: true } })).toBe(
      'hint.isolated',
    );
    // Direct between the two, or relayed between different networks: nothing to explain.
    expect(key({ stats: { ...direct, samePublicAddress: true } })).toBeNull();
    expect(key({ stats: { ...relayed, samePublicAddress: false } })).toBeNull();
    // Relayed over TCP: blocked UDP is the first thing to fix.
    expect(key({ stats: { ...relayed, protocol: 'tcp' } })).toBe('hint.relayTcpLocal');
  });

  it('flags a high round-trip time with the figure', () => {
    expect(connectionHint(input({ stats: { ...direct, rttMs: 650 } }))).toEqual({
      key: 'hint.highRtt',
      params: { ms: 650 },
      severity: 'warning',
    });
    expect(key({ stats: { ...direct, rttMs: 400 } })).toBeNull();
  });

  it('flags silence on the wire only when the participant says it sends something', () => {
    expect(key({ bitrate: 0 })).toBe('hint.noMedia');
    expect(key({ bitrate: 0, expectsMedia: false })).toBeNull();
    expect(key({ bitrate: null })).toBeNull();
  });

  it('says nothing for a closed connection or before stats exist', () => {
    expect(key({ state: 'closed' })).toBeNull();
    expect(key({ stats: null, bitrate: null })).toBeNull();
  });
});

describe('hasTurnServer', () => {
  it('finds turn: and turns: URLs, in strings or lists', () => {
    expect(hasTurnServer([{ urls: 'stun:stun.example.org' }])).toBe(false);
    expect(hasTurnServer([])).toBe(false);
    expect(hasTurnServer([{ urls: ['stun:s', 'turn:t:3478?transport=udp'] }])).toBe(true);
    expect(hasTurnServer([{ urls: 'TURNS:t:443' }])).toBe(true);
  });
});

describe('connection summary', () => {
  it('names the path by its most relayed end', () => {
    expect(pairType(direct)).toBe('host');
    expect(pairType({ ...direct, localType: 'srflx', remoteType: 'prflx' })).toBe('srflx');
    expect(pairType({ ...direct, remoteType: 'relay' })).toBe('relay');
    expect(pairType({ ...direct, localType: null, remoteType: 'prflx' })).toBe('prflx');
  });

  it('formats bitrates, keeping figure and unit together', () => {
    expect(formatBitrate(0)).toBe('0\u00a0kb/s');
    expect(formatBitrate(349_600)).toBe('350\u00a0kb/s');
    expect(formatBitrate(1_234_567)).toBe('1.2\u00a0Mb/s');
  });

  it('writes the badge line, leaving out what is not known yet', () => {
    expect(connectionSummary(direct, 1_500_000)).toBe('host · udp · 2\u00a0ms · 1.5\u00a0Mb/s');
    expect(connectionSummary({ ...direct, rttMs: null }, null)).toBe('host · udp');
  });
});
