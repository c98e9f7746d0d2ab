import { z } from 'zod';
import { appDataSchema } from './app-data.js';
import { peerIdSchema, roomIdSchema } from './ids.js';
import { MAX_AUTH_TOKEN_CHARS, MAX_NAME_CHARS, MAX_RESUME_TOKEN_CHARS } from './limits.js';
import { signalDataSchema } from './signal-data.js';
import { telemetryMessageSchema } from './telemetry.js';
import {
  clientSfuAnswerSchema,
  clientSfuCandidateSchema,
  sfuLayersSchema,
  sfuLeaveSchema,
  sfuPublishSchema,
} from './sfu-messages.js';

// Any C0/C1 control character (includes \n, \t, DEL). Names are shown in other people's UI.
const CONTROL_CHARACTER = /\p{Cc}/u;
// Invisible format characters (bidi overrides and isolates such as U+202E, zero-width
// spaces and joiners, soft hyphen, word joiner, tag characters) and line/paragraph
// separators: they let one name pose as another ("Ann" + U+200B) or render reversed.
const INVISIBLE_CHARACTER = /[\p{Cf}\p{Zl}\p{Zp}]/u;
// The one legitimate use of a format character in a name: a zero-width joiner between two
// emoji (family and profession sequences such as 👩‍💻), possibly after a skin-tone or
// presentation modifier.
const EMOJI_JOINER =
  /(\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u200D(?=\p{Extended_Pictographic})/gu;

function hasInvisibleCharacters(name: string): boolean {
  return INVISIBLE_CHARACTER.test(name.replace(EMOJI_JOINER, '$1'));
}

/** Length in Unicode code points, so an emoji name is not twice as "long" as a letter. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
function codePointLength(text: string): number {
  return text.replace(SURROGATE_PAIR, '_').length;
}

export { roomIdSchema, peerIdSchema };

/** A display name: trimmed, 1–64 code points, no control or invisible format characters. */
export const displayNameSchema = z
  .string()
  .max(MAX_NAME_CHARS * 4, 'name too long')
  .transform((name) => name.trim())
  .refine((name) => name.length > 0, 'name is empty')
  .refine(
    (name) => codePointLength(name) <= MAX_NAME_CHARS,
    `name longer than ${String(MAX_NAME_CHARS)} characters`,
  )
  .refine((name) => !CONTROL_CHARACTER.test(name), 'name contains control characters')
  .refine(
    (name) => !hasInvisibleCharacters(name),
    'name contains invisible or direction-changing characters',
  );

export const joinMessageSchema = z.strictObject({
  type: z.literal('join'),
  /**
   * Protocol version. Any integer parses, so that the server can answer an old client with
   * `version-unsupported` instead of a generic `bad-message`; only PROTOCOL_VERSION joins.
   */
  v: z.number().int(),
  room: roomIdSchema,
  name: displayNameSchema,
  resume: z.string().min(1).max(MAX_RESUME_TOKEN_CHARS).exactOptional(),
  token: z.string().min(1).max(MAX_AUTH_TOKEN_CHARS).exactOptional(),
  /** false: this client cannot create peer connections (others must not wait for it). */
  webrtc: z.boolean().exactOptional(),
});

export const clientSignalMessageSchema = z.strictObject({
  type: z.literal('signal'),
  to: peerIdSchema,
  data: signalDataSchema,
});

/** An app message for one member (`to`) or every other member of the room. */
export const clientAppMessageSchema = z.strictObject({
  type: z.literal('app'),
  to: peerIdSchema.exactOptional(),
  data: appDataSchema,
});
const appMessageSchema = clientAppMessageSchema;

/** Every message a client may send, discriminated by `type`. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  joinMessageSchema,
  clientSignalMessageSchema,
  z.strictObject({ type: z.literal('refresh-ice') }),
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({ type: z.literal('leave') }),
  appMessageSchema,
  sfuPublishSchema,
  clientSfuAnswerSchema,
  clientSfuCandidateSchema,
  sfuLayersSchema,
  sfuLeaveSchema,
  telemetryMessageSchema,
]);

export type JoinMessage = z.infer<typeof joinMessageSchema>;
export type ClientSignalMessage = z.infer<typeof clientSignalMessageSchema>;
export type ClientAppMessage = z.infer<typeof clientAppMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
/** What a client writes before the name transform (e.g. untrimmed names). */
export type ClientMessageInput = z.input<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
