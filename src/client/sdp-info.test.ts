import { describe, expect, it } from 'vitest';
import {
  answerKeepingDtlsRole,
  oppositeDtlsRole,
  sameSdpSession,
  sdpDtlsRole,
} from './sdp-info.js';

const answer = (setup: string) =>
  [
    'v=0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 109',
    `a=setup:${setup}`,
    'm=video 9 UDP/TLS/RTP/SAVPF 120',
    `a=setup:${setup}`,
    '',
  ].join('\r\n');

describe('DTLS roles in SDP', () => {
  it('reads the settled role; actpass settles none', () => {
    expect(sdpDtlsRole(answer('active'))).toBe('active');
    expect(sdpDtlsRole(answer('passive'))).toBe('passive');
    expect(sdpDtlsRole(answer('actpass'))).toBeNull();
    expect(oppositeDtlsRole('active')).toBe('passive');
  });

  it("reads Firefox's `active` answer to a later offer with the role it holds in the running association", () => {
    const fixed = answerKeepingDtlsRole(answer('active'), 'passive');
    expect(fixed).toBe(answer('passive'));
    expect(fixed.match(/a=setup:passive\r\n/g)).toHaveLength(2);
  });

  it('leaves answers alone before an association exists, or when they keep the role', () => {
    expect(answerKeepingDtlsRole(answer('active'), null)).toBe(answer('active'));
    expect(answerKeepingDtlsRole(answer('passive'), 'passive')).toBe(answer('passive'));
  });
});

describe('the SDP session of remote offers', () => {
  const offer = (id: string, version: number) =>
    `v=0\r\no=- ${id} ${String(version)} IN IP4 192.0.2.2\r\ns=-\r\n`;

  it('a browser: the same session id is the same connection', () => {
    expect(sameSdpSession(offer('4242', 2), offer('4242', 3))).toBe(true);
  });

  it('Janus: a new session id with the version counted on is the same connection', () => {
    expect(sameSdpSession(offer('1796132903682120', 1), offer('1796132903699999', 2))).toBe(true);
  });

  it('a new session id that starts its versions over is a new connection', () => {
    expect(sameSdpSession(offer('1796132903682120', 3), offer('4242', 1))).toBe(false);
    expect(sameSdpSession(offer('1', 1), 'v=0\r\n')).toBe(false);
  });
});
