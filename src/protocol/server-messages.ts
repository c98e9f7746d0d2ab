import { z } from 'zod';
import { ERROR_CODES } from './error-codes.js';
import { MAX_RESUME_TOKEN_CHARS, PROTOCOL_VERSION } from './limits.js';
import { displayNameSchema, peerIdSchema } from './client-messages.js';
import { signalDataSchema } from './signal-data.js';

export const peerInfoSchema = z.strictObject({ id: peerIdSchema, name: displayNameSchema });

/** The subset of `RTCIceServer` the server hands out (credentials only for TURN). */
export const iceServerSchema = z.strictObject({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().exactOptional(),
  credential: z.string().exactOptional(),
});

export const welcomeMessageSchema = z.strictObject({
  type: z.literal('welcome'),
  v: z.literal(PROTOCOL_VERSION),
  self: peerInfoSchema,
  peers: z.array(peerInfoSchema),
  iceServers: z.array(iceServerSchema),
  resume: z.string().min(1).max(MAX_RESUME_TOKEN_CHARS),
});

export const errorMessageSchema = z.strictObject({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
});

/** Every message the server may send, discriminated by `type`. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  welcomeMessageSchema,
  z.strictObject({ type: z.literal('peer-joined'), peer: peerInfoSchema }),
  z.strictObject({ type: z.literal('peer-left'), id: peerIdSchema }),
  z.strictObject({ type: z.literal('signal'), from: peerIdSchema, data: signalDataSchema }),
  z.strictObject({ type: z.literal('ice-servers'), iceServers: z.array(iceServerSchema) }),
  z.strictObject({ type: z.literal('pong') }),
  errorMessageSchema,
]);

export type PeerInfo = z.infer<typeof peerInfoSchema>;
export type IceServer = z.infer<typeof iceServerSchema>;
export type WelcomeMessage = z.infer<typeof welcomeMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ServerMessageType = ServerMessage['type'];
