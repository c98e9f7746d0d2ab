import { decodeServerMessage } from './decode.js';
import { PROTOCOL_VERSION } from './limits.js';
import type { ServerMessage } from './server-messages.js';

const CANDIDATE = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'warm',
};

/**
 * One of each message a client gets while it joins and connects: the welcome, an answer
 * and a candidate from a peer, and the SFU's answer, offer and candidate. All made up.
 */
const SAMPLES: readonly ServerMessage[] = [
  {
    type: 'welcome',
    v: PROTOCOL_VERSION,
    self: { id: 'warm-self', name: 'Warm' },
    peers: [{ id: 'warm-peer', name: 'Peer' }],
    iceServers: [
      { urls: 'stun:192.0.2.1:3478' },
      { urls: ['turn:192.0.2.1:3478'], username: 'u', credential: 'c' },
    ],
    resume: 'warm',
    mode: { path: 'mesh', epoch: 0, pinned: false },
    room: { host: 'warm-peer', locked: false, lobby: false, passcode: false },
  },
  { type: 'peer-joined', peer: { id: 'warm-peer', name: 'Peer' } },
  { type: 'signal', from: 'warm-peer', data: { description: { type: 'answer', sdp: 'v=0' } } },
  { type: 'signal', from: 'warm-peer', data: { candidate: CANDIDATE } },
  { type: 'signal', from: 'warm-peer', data: { candidate: null } },
  { type: 'sfu-answer', epoch: 0, sdp: 'v=0' },
  {
    type: 'sfu-offer',
    epoch: 0,
    sdp: 'v=0',
    streams: [{ mid: '0', peer: 'warm-peer', source: 'camera' }],
  },
  { type: 'sfu-candidate', epoch: 0, pc: 'subscriber', candidate: CANDIDATE },
];

/**
 * Decodes made-up copies of the first messages a joining client receives. A schema's
 * first parse is many times slower than later ones (zod sets up its checks lazily, the
 * engine compiles them), and in a browser the welcome's first parse sits on the join's
 * critical path: a pre-join page calls this while the person is still typing a name.
 * Returns why samples were rejected (none, unless a schema changed under them).
 */
export function warmUpServerDecoding(): string[] {
  return SAMPLES.flatMap((sample) => {
    const decoded = decodeServerMessage(JSON.stringify(sample));
    return decoded.ok ? [] : [`${sample.type}: ${decoded.reason}`];
  });
}
