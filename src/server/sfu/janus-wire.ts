import type { RawData } from 'ws';
import { z } from 'zod';

// Frames Janus sends on the WebSocket API (janus-protocol), validated where they enter.
// Janus is an external input: every frame goes through `decodeJanusFrame`, and plugin
// payloads are validated again by the plugin layer (videoroom-wire.ts). Objects are loose:
// newer Janus versions add fields, and an extra field must not break a call.

/** Janus ids (sessions, handles) are random 53-bit integers, safe in JavaScript. */
const janusId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const transaction = z.string().min(1).max(64);

export const jsepSchema = z.looseObject({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().max(256 * 1024),
});
export type Jsep = z.infer<typeof jsepSchema>;

const pluginDataSchema = z.looseObject({
  plugin: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const trickleCandidateSchema = z.union([
  z.looseObject({
    candidate: z.string().max(1024),
    sdpMid: z.string().max(64).exactOptional(),
    sdpMLineIndex: z.number().int().nonnegative().exactOptional(),
  }),
  z.looseObject({ completed: z.literal(true) }),
]);

const successSchema = z.looseObject({
  janus: z.literal('success'),
  transaction,
  session_id: janusId.exactOptional(),
  sender: janusId.exactOptional(),
  data: z.looseObject({ id: janusId }).exactOptional(),
  plugindata: pluginDataSchema.exactOptional(),
});

const errorSchema = z.looseObject({
  janus: z.literal('error'),
  transaction: transaction.exactOptional(),
  session_id: janusId.exactOptional(),
  error: z.looseObject({ code: z.number().int(), reason: z.string().max(1024).exactOptional() }),
});

const ackSchema = z.looseObject({
  janus: z.literal('ack'),
  transaction,
  session_id: janusId.exactOptional(),
});

const eventSchema = z.looseObject({
  janus: z.literal('event'),
  transaction: transaction.exactOptional(),
  session_id: janusId.exactOptional(),
  sender: janusId,
  plugindata: pluginDataSchema,
  jsep: jsepSchema.exactOptional(),
});

/** Transport-level (PeerConnection) events Janus sends about one handle. */
const webrtcupSchema = z.looseObject({ janus: z.literal('webrtcup'), sender: janusId });
const mediaSchema = z.looseObject({
  janus: z.literal('media'),
  sender: janusId,
  mid: z.string().exactOptional(),
  type: z.enum(['audio', 'video']),
  receiving: z.boolean(),
  substream: z.number().int().exactOptional(),
  seconds: z.number().exactOptional(),
});
const slowlinkSchema = z.looseObject({
  janus: z.literal('slowlink'),
  sender: janusId,
  mid: z.string().exactOptional(),
  media: z.enum(['audio', 'video']).exactOptional(),
  uplink: z.boolean(),
  lost: z.number().int().exactOptional(),
});
const hangupSchema = z.looseObject({
  janus: z.literal('hangup'),
  sender: janusId,
  reason: z.string().max(256).exactOptional(),
});
const detachedSchema = z.looseObject({ janus: z.literal('detached'), sender: janusId });
const trickleSchema = z.looseObject({
  janus: z.literal('trickle'),
  sender: janusId,
  candidate: trickleCandidateSchema,
});
const timeoutSchema = z.looseObject({ janus: z.literal('timeout'), session_id: janusId });
const pongSchema = z.looseObject({ janus: z.literal('pong'), transaction });
const serverInfoSchema = z.looseObject({
  janus: z.literal('server_info'),
  transaction,
  version_string: z.string().exactOptional(),
});

export const janusFrameSchema = z.discriminatedUnion('janus', [
  successSchema,
  errorSchema,
  ackSchema,
  eventSchema,
  webrtcupSchema,
  mediaSchema,
  slowlinkSchema,
  hangupSchema,
  detachedSchema,
  trickleSchema,
  timeoutSchema,
  pongSchema,
  serverInfoSchema,
]);

export type JanusFrame = z.infer<typeof janusFrameSchema>;
export type JanusPluginData = z.infer<typeof pluginDataSchema>;
export type TrickleCandidate = z.infer<typeof trickleCandidateSchema>;
export type MediaFrame = z.infer<typeof mediaSchema>;
export type SlowlinkFrame = z.infer<typeof slowlinkSchema>;

export type DecodedFrame =
  { ok: true; frame: JanusFrame } | { ok: false; reason: string; transaction: string | null };

/** Parses and validates one text frame; never throws. */
export function decodeJanusFrame(text: string): DecodedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not JSON', transaction: null };
  }
  const parsed = janusFrameSchema.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  // A bad reply to one of our requests must fail that request, not hang it until timeout.
  const candidate = (raw as { transaction?: unknown } | null)?.transaction;
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reason: `invalid frame${issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`}`,
    transaction: typeof candidate === 'string' ? candidate : null,
  };
}

/** The text of a WebSocket message, however `ws` delivered it. */
export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
