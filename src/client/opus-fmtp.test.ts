import { describe, expect, it } from 'vitest';
import { withOpusReceiveParameters } from './opus-fmtp.js';

const chromium = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  '',
].join('\r\n');

describe('withOpusReceiveParameters: FEC and DTX asked of the audio sent to us', () => {
  it("adds usedtx to Chromium's Opus fmtp, keeps its other parameters and RED untouched", () => {
    const out = withOpusReceiveParameters(chromium);
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(out).toContain('a=fmtp:63 111/111\r\n');
    expect(out.split('\r\n')).toHaveLength(chromium.split('\r\n').length);
  });

  it('writes an fmtp line for an Opus payload that has none, and leaves SDP without Opus alone', () => {
    const firefox =
      'm=audio 9 UDP/TLS/RTP/SAVPF 109\r\na=rtpmap:109 opus/48000/2\r\na=sendrecv\r\n';
    expect(withOpusReceiveParameters(firefox)).toBe(
      'm=audio 9 UDP/TLS/RTP/SAVPF 109\r\na=rtpmap:109 opus/48000/2\r\na=fmtp:109 useinbandfec=1;usedtx=1\r\na=sendrecv\r\n',
    );
    const video = 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n';
    expect(withOpusReceiveParameters(video)).toBe(video);
  });

  it('overrides a peer-hostile usedtx=0 instead of adding a second one', () => {
    const out = withOpusReceiveParameters(
      'a=rtpmap:111 opus/48000/2\na=fmtp:111 usedtx=0;stereo=1\n',
    );
    expect(out).toBe('a=rtpmap:111 opus/48000/2\na=fmtp:111 usedtx=1;stereo=1;useinbandfec=1\n');
  });
});
