import { z } from 'zod';
import {
  ID_PATTERN,
  MAX_AUTH_TOKEN_CHARS,
  MAX_NAME_CHARS,
  MAX_RESUME_TOKEN_CHARS,
  PROTOCOL_VERSION,
} from './limits.js';
import { signalDataSchema } from './signal-data.js';

// Any C0/C1 control character (includes \n, \t, DEL). Names are shown in other people's UI.
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Length in Unicode code points, so an emoji name is not twice as "long" as a letter. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
function codePointLength(text: string): number {
  return text.replace(SURROGATE_PAIR, '_').length;
}

export const roomIdSchema = z.string().regex(ID_PATTERN, 'room must be 1-64 of A-Z a-z 0-9 _ -');
export const peerIdSchema = z.string().regex(ID_PATTERN, 'peer id must be 1-64 of A-Z a-z 0-9 _ -');

/** A display name: trimmed, 1–64 code points, no control characters. */
export const displayNameSchema = z
  .string()
  .max(MAX_NAME_CHARS * 4, 'name too long')
  .transform((name) => name.trim())
  .refine((name) => name.length > 0, 'name is empty')
  .refine(
    (name) => codePointLength(name) <= MAX_NAME_CHARS,
    `name longer than ${String(MAX_NAME_CHARS)} characters`,
  )
  .refine((name) => !CONTROL_CHARACTER.test(name), 'name contains control characters');

export const joinMessageSchema = z.strictObject({
  type: z.literal('join'),
  v: z.literal(PROTOCOL_VERSION),
  room: roomIdSchema,
  name: displayNameSchema,
  resume: z.string().min(1).max(MAX_RESUME_TOKEN_CHARS).exactOptional(),
  token: z.string().min(1).max(MAX_AUTH_TOKEN_CHARS).exactOptional(),
});

export const clientSignalMessageSchema = z.strictObject({
  type: z.literal('signal'),
  to: peerIdSchema,
  data: signalDataSchema,
});

/** Every message a client may send, discriminated by `type`. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  joinMessageSchema,
  clientSignalMessageSchema,
  z.strictObject({ type: z.literal('refresh-ice') }),
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({ type: z.literal('leave') }),
]);

export type JoinMessage = z.infer<typeof joinMessageSchema>;
export type ClientSignalMessage = z.infer<typeof clientSignalMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
/** What a client writes before the name transform (e.g. untrimmed names). */
export type ClientMessageInput = z.input<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
