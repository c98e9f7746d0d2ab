// The two signal sizes of the relay benchmark, as valid protocol v1 signal data: a trickled
// ICE candidate (~200 B on the wire) and an SDP offer/answer (~3 KB on the wire).
import type { SignalData } from '../../src/protocol/index.js';

export type PayloadSize = '200B' | '3KB';
export const PAYLOAD_SIZES: readonly PayloadSize[] = ['200B', '3KB'];

const CANDIDATE: SignalData = {
  candidate: {
    candidate:
      'candidate:842163049 1 udp 1677729535 198.51.100.7 49203 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag Jt4q',
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: 'Jt4q',
  },
};

/** A plausible audio + video + data SDP, padded with codec lines to about 2.9 KB. */
function sdp(): string {
  const head = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1 2',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Jt4q',
    'a=ice-pwd:c9bd3c2e6d7a0f3b1e5d4c8a',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
  ];
  const lines = [...head];
  for (let pt = 96; lines.join('\r\n').length < 2860; pt++) {
    lines.push(`a=rtpmap:${String(pt)} VP8/90000`, `a=rtcp-fb:${String(pt)} nack pli`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

const SDP = sdp();

/** What each side of a pair sends: the first side offers, the second answers. */
export function payloadFor(size: PayloadSize, side: 'a' | 'b'): SignalData {
  if (size === '200B') return CANDIDATE;
  return { description: { type: side === 'a' ? 'offer' : 'answer', sdp: SDP } };
}
