import { describe, expect, it } from 'vitest';
import { parseCandidate, splitPriority } from './candidate.js';
import { explainIceError, explainTurnFailure } from './explanations.js';
import { parseIceUrl } from './ice-url.js';
import type { CandidateRow, CheckResult } from './report.js';
import { uploadVerdict } from './upload.js';
import { hairpinVerdict, natBehaviour, summarize, verdictsFor } from './verdicts.js';

describe('ICE URLs', () => {
  it('classifies URLs into STUN, TURN/UDP, TURN/TCP and TURNS with default ports', () => {
    const kinds = [
      'stun:stun.example.org',
      'turn:192.0.2.1:3478',
      'turn:[2001:db8::1]:3478?transport=tcp',
      'turns:turn.example.org:443?transport=tcp',
    ].map((url) => {
      const parsed = parseIceUrl(url);
      return parsed.ok ? [parsed.value.kind, parsed.value.host, parsed.value.port] : parsed.error;
    });
    expect(kinds).toEqual([
      ['stun', 'stun.example.org', 3478],
      ['turn-udp', '192.0.2.1', 3478],
      ['turn-tcp', '2001:db8::1', 3478],
      ['turns', 'turn.example.org', 443],
    ]);
    for (const bad of ['http://x', 'turn:', 'stun:h?transport=tcp', 'turn:h:99999', 'turn:a b']) {
      expect(parseIceUrl(bad).ok, bad).toBe(false);
    }
  });
});

describe('candidates', () => {
  it('parses a relay candidate and splits its priority (type / local preference / component)', () => {
    const parsed = parseCandidate(
      'candidate:1234 1 udp 41885695 198.18.0.2 40012 typ relay raddr 192.0.2.2 rport 55000 generation 0 ufrag ab12',
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        foundation: '1234',
        component: 1,
        protocol: 'udp',
        priority: 41885695,
        address: '198.18.0.2',
        port: 40012,
        type: 'relay',
        relatedAddress: '192.0.2.2',
        relatedPort: 55000,
        tcpType: null,
      },
    });
    expect(splitPriority(41885695)).toEqual({
      typePreference: 2,
      localPreference: 32543,
      component: 1,
    });
    expect(splitPriority(2113937151)).toEqual({
      typePreference: 126,
      localPreference: 30,
      component: 1,
    });
  });

  it('rejects malformed lines with a reason instead of throwing', () => {
    for (const line of [
      '',
      'candidate:1 1 udp x 1.2.3.4 5 typ host',
      'candidate:1 1 sctp 1 a 5 typ host',
      'candidate:1 1 udp 1 a 5 typ bogus',
    ]) {
      expect(parseCandidate(line).ok, line).toBe(false);
    }
  });
});

describe('explanations', () => {
  const base = { errorText: '', url: 'turn:x', address: '192.0.2.x' };
  it('explains 701, 401 and 438 in plain words, and IPv6 lookup failures as not fatal', () => {
    expect(explainIceError({ ...base, errorCode: 701 }, false)).toMatchObject({
      severity: 'fatal',
      text: expect.stringMatching(
        /could not be reached or did not answer in time \(701\)/,
      ) as string,
    });
    expect(explainIceError({ ...base, errorCode: 401 }, false).text).toMatch(
      /refused the credentials \(401\)/,
    );
    expect(explainIceError({ ...base, errorCode: 438 }, true)).toMatchObject({ severity: 'info' });
    expect(
      explainIceError({ ...base, errorCode: 701, address: '2001:db8::x' }, true),
    ).toMatchObject({
      severity: 'info',
      text: expect.stringMatching(/IPv6 .* not a problem/) as string,
    });
    expect(explainTurnFailure('forbidden', 403)).toMatch(/allowed-peer-ip/);
  });
});

const check = (
  overrides: Partial<CheckResult> & Pick<CheckResult, 'kind' | 'outcome'>,
): CheckResult => ({
  url: 'turn:x',
  reason: null,
  address: null,
  connectMs: null,
  rttMs: null,
  throughputMbps: null,
  localCandidateType: null,
  remoteCandidateType: null,
  relayProtocol: null,
  errors: [],
  ...overrides,
});

const srflx = (port: number, url: string): CandidateRow => ({
  timeMs: 1,
  component: 1,
  type: 'srflx',
  foundation: url,
  protocol: 'udp',
  address: '203.0.113.7',
  port,
  priority: 1,
  typePreference: 100,
  localPreference: 1,
  componentId: 1,
  url,
  relayProtocol: null,
  relatedAddress: '10.0.0.2',
  relatedPort: 5000,
});

describe('verdicts and summary', () => {
  it('says which kinds work, fail (with why) or are not configured', () => {
    const verdicts = verdictsFor(
      [
        check({ kind: 'stun', outcome: 'works', address: '203.0.113.7' }),
        check({ kind: 'turn-udp', outcome: 'works', rttMs: 3.2, throughputMbps: 48.3 }),
        check({
          kind: 'turn-tcp',
          outcome: 'fails',
          reason: 'the server refused the credentials (401)',
        }),
      ],
      ['stun', 'turn-udp', 'turn-tcp'],
    );
    expect(verdicts.map((v) => `${v.label} ${v.text}`)).toEqual([
      'STUN works: the server answered; your public address is 203.0.113.7',
      'TURN/UDP works: relays data, RTT 3.2 ms, 48.3 Mbit/s',
      'TURN/TCP fails: the server refused the credentials (401)',
      'TURNS not configured',
    ]);
    const nat = natBehaviour([], []);
    expect(summarize(verdicts, nat)).toEqual({
      callsAcrossNetworks: 'will-work',
      sentence: 'Calls across networks will work: TURN/UDP relays data, RTT 3.2 ms, 48.3 Mbit/s.',
    });
  });

  it('says whether the NAT hairpins, and what that means for devices kept apart', () => {
    const cone = natBehaviour([srflx(40000, 'stun:a')], ['stun:a', 'stun:b']);
    expect(hairpinVerdict(cone, true, false)).toEqual({
      status: 'no-hairpin',
      text: expect.stringMatching(
        /does not hairpin: .*where the network keeps devices apart \(guest Wi-Fi, client isolation\), calls between them go through TURN/,
      ) as string,
    });
    expect(hairpinVerdict(cone, true, true).status).toBe('hairpins');
    expect(hairpinVerdict(natBehaviour([], ['stun:a']), false, false).status).toBe('no-nat');
    expect(hairpinVerdict(natBehaviour([], []), false, false).status).toBe('unknown');
  });

  it('detects a symmetric NAT from two STUN servers and says calls need TURN', () => {
    const nat = natBehaviour(
      [srflx(40000, 'stun:a'), srflx(40001, 'stun:b')],
      ['stun:a', 'stun:b'],
    );
    expect(nat).toEqual({
      behaviour: 'address-dependent',
      text: 'behind symmetric NAT: calls to other networks need TURN',
    });
    const cone = natBehaviour([srflx(40000, 'stun:a')], ['stun:a', 'stun:b']);
    expect(cone.behaviour).toBe('endpoint-independent');
    expect(natBehaviour([srflx(40000, 'stun:a')], ['stun:a']).behaviour).toBe('unknown');
    expect(natBehaviour([], ['stun:a']).behaviour).toBe('no-nat');
    expect(natBehaviour([], []).behaviour).toBe('unknown');
    const verdicts = verdictsFor([check({ kind: 'stun', outcome: 'works' })], ['stun']);
    expect(summarize(verdicts, nat)).toMatchObject({
      callsAcrossNetworks: 'will-fail',
      sentence: expect.stringMatching(
        /behind symmetric NAT: calls to other networks need TURN, and no TURN server is configured/,
      ) as string,
    });
    expect(summarize(verdicts, cone).callsAcrossNetworks).toBe('may-fail');
  });

  it('fails when nothing works or nothing is configured', () => {
    const none = natBehaviour([], []);
    expect(summarize(verdictsFor([], []), none).sentence).toMatch(
      /no STUN or TURN server is configured/,
    );
    const failing = verdictsFor(
      [check({ kind: 'turn-udp', outcome: 'fails', reason: 'unreachable (701)' })],
      ['turn-udp'],
    );
    expect(summarize(failing, none)).toMatchObject({
      callsAcrossNetworks: 'will-fail',
      sentence: expect.stringMatching(/TURN\/UDP fails: unreachable \(701\)/) as string,
    });
  });
});

describe('report redaction', () => {
  it('replaces credentials in iceServers and any occurrence of them anywhere', async () => {
    const { redactIceServers, redactReport, reportSchema } = await import('./report.js');
    const servers = redactIceServers([
      { urls: 'stun:s' },
      { urls: ['turn:t'], username: '1764000600:doctor-x', credential: 'c2VjcmV0LWNyZWRlbnRpYWw=' },
    ]);
    expect(servers).toEqual([
      { urls: ['stun:s'] },
      { urls: ['turn:t'], username: '[redacted]', credential: '[redacted]' },
    ]);
    const verdicts = verdictsFor([], []);
    const nat = natBehaviour([], []);
    const report = reportSchema.parse({
      format: 'confab-doctor-report',
      version: 3,
      createdAt: 'now',
      userAgent: 'ua',
      origin: 'http://x',
      source: 'custom',
      policy: 'all',
      iceServers: servers,
      gathering: {
        durationMs: 1,
        complete: true,
        candidates: [],
        errors: [
          {
            timeMs: 1,
            url: 'turn:t?u=1764000600:doctor-x',
            errorCode: 401,
            errorText: 'bad c2VjcmV0LWNyZWRlbnRpYWw=',
            address: null,
            severity: 'fatal',
            explanation: 'x',
          },
        ],
      },
      checks: [],
      verdicts,
      nat,
      hairpin: hairpinVerdict(nat, false, false),
      upload: uploadVerdict([]),
      summary: summarize(verdicts, nat),
      serverSelfTest: null,
    });
    const json = JSON.stringify(
      redactReport(report, ['1764000600:doctor-x', 'c2VjcmV0LWNyZWRlbnRpYWw=']),
    );
    expect(json).not.toContain('doctor-x');
    expect(json).not.toContain('c2VjcmV0');
    expect(json).toContain('turn:t?u=[redacted]');
  });
});
