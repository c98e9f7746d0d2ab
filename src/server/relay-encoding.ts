import {
  ID_PATTERN,
  decodeServerMessage,
  type ClientSignalMessage,
  type ServerMessage,
} from '../protocol/index.js';
import type { Delivery, RelayedSignal, SignalPayload } from './hub.js';

/**
 * Relaying an SDP is mostly copying it, yet a plain relay parses it, escapes it again in
 * JSON.stringify and encodes it to UTF-8 again. When a frame holds a description in the
 * compact form JSON.stringify produces (every client sends that form, and so do our
 * nodes), the SDP's string literal is kept as it arrived and spliced into the outgoing
 * frame instead (`SignalPayload.sdpLiteral`).
 *
 * Only an exact layout qualifies: the frame is `HEAD + sdp literal + TAIL` with HEAD rebuilt
 * from the validated fields, and no `"` between them, so the literal is the one string the
 * parser read as `sdp` and nothing else can hide in it. Anything else takes JSON.stringify.
 */
const TAIL = '"}}}';
const TAIL_BYTES = Buffer.from(TAIL);

const clientHead = (to: string, type: string): string =>
  `{"type":"signal","to":"${to}","data":{"description":{"type":"${type}","sdp":"`;
const serverHead = (from: string, type: string): string =>
  `{"type":"signal","from":"${from}","data":{"description":{"type":"${type}","sdp":"`;

/** Where the SDP literal sits in `text` when it has the compact layout after `head`. */
function literalBounds(text: string, head: string): { start: number; end: number } | null {
  const end = text.length - TAIL.length;
  if (!text.startsWith(head) || !text.endsWith(TAIL) || text.indexOf('"', head.length) !== end)
    return null;
  return { start: head.length, end };
}

/**
 * The payload of a validated client signal frame. `frame` is its bytes (null when `ws`
 * gave us something else), `text` their UTF-8 decoding.
 */
export function payloadFromClient(
  frame: Buffer | null,
  text: string,
  message: ClientSignalMessage,
): SignalPayload {
  const { data } = message;
  if (frame === null || !('description' in data)) return { data, sdpLiteral: null };
  const bounds = literalBounds(text, clientHead(message.to, data.description.type));
  if (bounds === null) return { data, sdpLiteral: null };
  // HEAD and TAIL are ASCII (ids are validated), so character offsets are byte offsets here.
  // Copied: the frame's buffer must not be kept alive by signals waiting for a resume.
  const literal = Buffer.from(frame.subarray(bounds.start, frame.length - TAIL.length));
  return { data, sdpLiteral: literal };
}

/**
 * A frame a node wrote (through shared state), validated again: a signal keeps its SDP
 * literal, as text. Null for anything that is not a valid server message.
 */
export function deliveryFromText(text: string): Delivery | null {
  const decoded = decodeServerMessage(text);
  if (!decoded.ok) return null;
  const { message } = decoded;
  if (message.type !== 'signal') return message;
  const { data, from } = message;
  let sdpLiteral: string | null = null;
  if ('description' in data) {
    const bounds = literalBounds(text, serverHead(from, data.description.type));
    if (bounds !== null) sdpLiteral = text.slice(bounds.start, bounds.end);
  }
  return { type: 'relayed', from, payload: { data, sdpLiteral } };
}

/** The frame a member's client receives for a relayed signal. */
export function encodeSignal(from: string, payload: SignalPayload): string | Buffer {
  const { data, sdpLiteral } = payload;
  if (sdpLiteral !== null && 'description' in data && ID_PATTERN.test(from)) {
    const head = serverHead(from, data.description.type);
    return typeof sdpLiteral === 'string'
      ? head + sdpLiteral + TAIL
      : Buffer.concat([Buffer.from(head), sdpLiteral, TAIL_BYTES]);
  }
  return JSON.stringify({ type: 'signal', from, data } satisfies ServerMessage);
}

/** Bytes of the frame `encodeSignal` makes, without making it when the SDP is spliced. */
export function encodedSignalBytes(from: string, payload: SignalPayload): number {
  const { data, sdpLiteral } = payload;
  if (sdpLiteral !== null && 'description' in data && ID_PATTERN.test(from)) {
    const literal =
      typeof sdpLiteral === 'string' ? Buffer.byteLength(sdpLiteral) : sdpLiteral.length;
    return serverHead(from, data.description.type).length + literal + TAIL.length;
  }
  return Buffer.byteLength(JSON.stringify({ type: 'signal', from, data }));
}

/** The frame text for a client: spliced for signals with a literal, JSON.stringify otherwise. */
export function encodeForClient(message: ServerMessage | RelayedSignal): string | Buffer {
  return message.type === 'relayed'
    ? encodeSignal(message.from, message.payload)
    : JSON.stringify(message);
}

/** The protocol message a delivery stands for (what the client decodes). */
export function toServerMessage(message: ServerMessage | RelayedSignal): ServerMessage {
  return message.type === 'relayed'
    ? { type: 'signal', from: message.from, data: message.payload.data }
    : message;
}
