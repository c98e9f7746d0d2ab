import { describe, expect, it } from 'vitest';
import { answerKeepingDtlsRole, oppositeDtlsRole, sdpDtlsRole } from './sdp-info.js';

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
