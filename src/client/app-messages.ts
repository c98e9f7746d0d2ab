import { z } from 'zod';

/** Longest chat message accepted from a peer (characters). */
export const MAX_CHAT_CHARS = 4000;
/** Largest app-channel frame accepted from a peer (characters of JSON). */
export const MAX_APP_FRAME_CHARS = 16 * 1024;

/** What a participant currently sends; shown on the others' tiles (muted, camera off, sharing). */
export const mediaStateSchema = z.strictObject({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});

/**
 * A message id: receivers drop a message they already had (one message may reach them over
 * the data channel and through the server, see call/messenger.ts).
 */
const messageId = z.string().min(1).max(64);

/**
 * Messages participants exchange: over their data channel in a mesh, through the server's
 * `app` relay otherwise. Peers are not trusted: every frame is validated like a server frame.
 */
export const appMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('chat'),
    id: messageId,
    text: z.string().min(1).max(MAX_CHAT_CHARS),
    sentAt: z.number().int().nonnegative(),
  }),
  z.strictObject({
    type: z.literal('state'),
    id: messageId.exactOptional(),
    ...mediaStateSchema.shape,
  }),
  /** Free-form data for applications built on the library. */
  z.strictObject({ type: z.literal('app'), id: messageId.exactOptional(), data: z.json() }),
]);

export type MediaState = z.infer<typeof mediaStateSchema>;
export type AppMessage = z.infer<typeof appMessageSchema>;
export type ChatMessage = Extract<AppMessage, { type: 'chat' }>;

export type AppDecodeResult = { ok: true; message: AppMessage } | { ok: false; reason: string };

export function decodeAppMessage(text: string): AppDecodeResult {
  if (text.length > MAX_APP_FRAME_CHARS) return { ok: false, reason: 'frame too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  return validateAppMessage(json);
}

/** Validates an app message that arrived already parsed (through the server's relay). */
export function validateAppMessage(json: unknown): AppDecodeResult {
  const result = appMessageSchema.safeParse(json);
  return result.success
    ? { ok: true, message: result.data }
    : { ok: false, reason: result.error.issues[0]?.message ?? 'invalid' };
}
