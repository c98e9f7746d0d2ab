import { ID_PATTERN, type ClientSignalMessage, type ServerMessage } from '../protocol/index.js';

/**
 * Relaying an SDP is mostly copying it, yet a plain relay parses it, escapes it again in
 * JSON.stringify and encodes it to UTF-8 again. When a client sends a description in the
 * compact form JSON.stringify produces (every client does), the validated SDP's bytes are
 * kept as they arrived and spliced into the outgoing frame instead.
 *
 * Only an exact layout qualifies: the frame is `HEAD + sdp literal + TAIL` with HEAD rebuilt
 * from the validated fields, and no `"` between them, so the literal is the one string the
 * parser read as `sdp` and nothing else can hide in it. Anything else takes JSON.stringify.
 */
const TAIL = '"}}}';
const TAIL_BYTES = Buffer.from(TAIL);

/** Validated description data → the raw bytes of its SDP string literal. */
const verbatimSdp = new WeakMap<object, Buffer>();

/** Remembers the SDP bytes of a validated signal frame, if it has the compact layout. */
export function keepVerbatim(frame: Buffer, text: string, message: ClientSignalMessage): void {
  const { data } = message;
  if (!('description' in data)) return;
  const head = `{"type":"signal","to":"${message.to}","data":{"description":{"type":"${data.description.type}","sdp":"`;
  const end = text.length - TAIL.length;
  if (!text.startsWith(head) || !text.endsWith(TAIL) || text.indexOf('"', head.length) !== end)
    return;
  // HEAD and TAIL are ASCII, so character offsets are byte offsets here. Copied: the frame's
  // buffer must not be kept alive by messages waiting for a member to resume.
  verbatimSdp.set(data, Buffer.from(frame.subarray(head.length, frame.length - TAIL.length)));
}

/** The frame text for a client: spliced for kept descriptions, JSON.stringify otherwise. */
export function encodeForClient(message: ServerMessage): string | Buffer {
  if (message.type === 'signal' && 'description' in message.data) {
    const sdp = verbatimSdp.get(message.data);
    if (sdp !== undefined && ID_PATTERN.test(message.from)) {
      const head = `{"type":"signal","from":"${message.from}","data":{"description":{"type":"${message.data.description.type}","sdp":"`;
      return Buffer.concat([Buffer.from(head), sdp, TAIL_BYTES]);
    }
  }
  return JSON.stringify(message);
}
