import { z } from 'zod';
import { appDataSchema } from './app-data.js';
import { peerIdSchema, roomIdSchema } from './ids.js';
import { MAX_AUTH_TOKEN_CHARS, MAX_RESUME_TOKEN_CHARS } from './limits.js';
import { displayNameSchema } from './names.js';
import { hostMessageSchema, passcodeSchema } from './room-controls.js';
import { signalDataSchema } from './signal-data.js';
import { telemetryMessageSchema } from './telemetry.js';
import {
  clientSfuAnswerSchema,
  clientSfuCandidateSchema,
  sfuLayersSchema,
  sfuLeaveSchema,
  sfuPublishSchema,
} from './sfu-messages.js';

export { roomIdSchema, peerIdSchema, displayNameSchema };

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
  /** The room's passcode, when it has one (or, for a join that opens the room, sets one). */
  passcode: passcodeSchema.exactOptional(),
});

/**
 * Sent by a page that is about to join (a pre-join screen) instead of `join`: it keeps the
 * connection open without joining, for the server's `preJoinTimeoutMs` instead of its
 * `joinTimeoutMs`, so the click later only sends `join` on it. Once per connection.
 */
export const helloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  /** As in `join`: an old client learns `version-unsupported` before anyone clicks. */
  v: z.number().int(),
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
  helloMessageSchema,
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
  hostMessageSchema,
]);

export type JoinMessage = z.infer<typeof joinMessageSchema>;
export type HelloMessage = z.infer<typeof helloMessageSchema>;
export type ClientSignalMessage = z.infer<typeof clientSignalMessageSchema>;
export type ClientAppMessage = z.infer<typeof clientAppMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
/** What a client writes before the name transform (e.g. untrimmed names). */
export type ClientMessageInput = z.input<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
