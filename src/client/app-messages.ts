import { z } from 'zod';

/**
 * Version of the peer-to-peer message protocol (docs/protocol.md, "Peer-to-peer messages"),
 * stamped as `v` on every message this library sends. It grows only by addition: new types
 * and new optional fields, which peers that do not know them ignore.
 */
export const P2P_VERSION = 1;
/** Longest chat message accepted from a peer (characters). */
export const MAX_CHAT_CHARS = 4000;
/** Largest app-channel frame accepted from a peer (characters of JSON). */
export const MAX_APP_FRAME_CHARS = 16 * 1024;

/** What a participant currently sends; shown on the others' tiles (muted, camera off, sharing). */
export const mediaStateSchema = z.object({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});

/**
 * A message id: receivers drop a message they already had (one message may reach them over
 * the data channel and through the server, see call/messenger.ts).
 */
export const messageIdSchema = z.string().min(1).max(64);

/** Message type names: lower-case words joined by `-` (`chat`, `file-offer`). */
export const messageTypeSchema = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/, 'bad message type');

/**
 * What every peer message is: `{ v, type, id?, ... }`. Only the envelope is checked here;
 * the fields of a known type are checked by that type's schema, unknown fields are dropped.
 */
export const envelopeSchema = z.looseObject({
  v: z.number().int().nonnegative().exactOptional(),
  type: messageTypeSchema,
  id: messageIdSchema.exactOptional(),
});

/**
 * The library's own messages: over a participant's data channel in a mesh, through the
 * server's `app` relay otherwise. Peers are not trusted: each known type is validated for
 * its known fields; fields a newer peer adds are dropped, not rejected (`z.object`).
 */
export const libraryMessageSchemas = {
  chat: z.object({
    type: z.literal('chat'),
    id: messageIdSchema,
    text: z.string().min(1).max(MAX_CHAT_CHARS),
    sentAt: z.number().int().nonnegative(),
  }),
  state: z.object({
    type: z.literal('state'),
    id: messageIdSchema.exactOptional(),
    ...mediaStateSchema.shape,
  }),
  /**
   * How the sender shows the receiver's camera (device pixels): the receiver's sender fits
   * that peer connection's encoding to it (quality/encoding-plan.ts). Mesh mode only.
   * `screen`, when the receiver shares a screen: whether its tile is shown (a hidden one
   * pauses that copy). A field, not a message of its own, so that an older peer ignores it
   * instead of taking it for its camera's view.
   */
  view: z.object({
    type: z.literal('view'),
    id: messageIdSchema.exactOptional(),
    width: z.number().int().min(0).max(16_384),
    height: z.number().int().min(0).max(16_384),
    visible: z.boolean(),
    spotlight: z.boolean(),
    saver: z.boolean(),
    screen: z.object({ visible: z.boolean() }).exactOptional(),
  }),
  /** Free-form data for applications built on the library. */
  app: z.object({ type: z.literal('app'), id: messageIdSchema.exactOptional(), data: z.json() }),
} as const;

export type MediaState = z.infer<typeof mediaStateSchema>;
export type ChatMessage = z.infer<typeof libraryMessageSchemas.chat>;
export type StateMessage = z.infer<typeof libraryMessageSchemas.state>;
export type DataMessage = z.infer<typeof libraryMessageSchemas.app>;
export type ViewMessage = z.infer<typeof libraryMessageSchemas.view>;
export type AppMessage = ChatMessage | StateMessage | DataMessage | ViewMessage;

/** A JSON value, as it crosses the wire. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A message of a type the library does not define: an app's own (`call.broadcast`), or one
 * of a newer peer. Only its envelope is checked; the app validates the rest, and ignores
 * types it does not know.
 */
export interface CustomMessage {
  readonly type: string;
  /** The sender's protocol version (absent from peers older than versioning). */
  readonly v?: number;
  readonly id?: string;
  readonly [field: string]: JsonValue | undefined;
}

/** A peer frame, classified: a known type (validated) or a custom one (envelope only). */
export type PeerValue<Known> =
  | { readonly ok: true; readonly known: Known }
  | { readonly ok: true; readonly custom: CustomMessage }
  | { readonly ok: false; readonly reason: string };

/**
 * Sorts a parsed frame: a type in `known` must pass its schema (a failure is a bad message);
 * any other well-formed type is custom (never an error: a newer peer may send it).
 */
export function classifyPeerValue<Known>(
  json: unknown,
  known: Readonly<Record<string, z.ZodType<Known>>>,
): PeerValue<Known> {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: firstIssue(envelope.error) };
  const schema = Object.hasOwn(known, envelope.data.type) ? known[envelope.data.type] : undefined;
  if (schema === undefined) return { ok: true, custom: envelope.data as CustomMessage };
  const result = schema.safeParse(json);
  return result.success
    ? { ok: true, known: result.data }
    : { ok: false, reason: `${envelope.data.type}: ${firstIssue(result.error)}` };
}

export type AppDecodeResult = PeerValue<AppMessage>;

/** A text frame from a participant's data channel. */
export function decodeAppMessage(text: string): AppDecodeResult {
  if (text.length > MAX_APP_FRAME_CHARS) return { ok: false, reason: 'frame too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  return classifyPeerValue<AppMessage>(json, libraryMessageSchemas);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}
