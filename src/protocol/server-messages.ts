import { z } from 'zod';
import { ERROR_CODES } from './error-codes.js';
import { MAX_RESUME_TOKEN_CHARS, PROTOCOL_VERSION } from './limits.js';
import { displayNameSchema, peerIdSchema } from './client-messages.js';
import { knockSchema, roomControlsSchema } from './room-controls.js';
import { signalDataSchema } from './signal-data.js';
import { appDataSchema } from './app-data.js';
import { roomModeReasonSchema, roomModeSchema } from './room-mode.js';
import { serverSfuAnswerSchema, serverSfuCandidateSchema, sfuOfferSchema } from './sfu-messages.js';

/** A member as the others see it; `webrtc: false` when it joined without WebRTC support. */
export const peerInfoSchema = z.strictObject({
  id: peerIdSchema,
  name: displayNameSchema,
  webrtc: z.literal(false).exactOptional(),
});

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
  /** How media travels in the room right now. */
  mode: roomModeSchema,
  /** The room's host, lobby, lock and passcode (and, for the host, who waits in the lobby). */
  room: roomControlsSchema,
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
  z.strictObject({
    type: z.literal('room-mode'),
    mode: roomModeSchema,
    reason: roomModeReasonSchema,
  }),
  z.strictObject({ type: z.literal('app'), from: peerIdSchema, data: appDataSchema }),
  serverSfuAnswerSchema,
  sfuOfferSchema,
  serverSfuCandidateSchema,
  /** Instead of `welcome`: this connection waits in the lobby until the host admits it. */
  z.strictObject({ type: z.literal('lobby') }),
  /** The room's controls changed (to every member; the host's copy lists the lobby). */
  z.strictObject({ type: z.literal('room-state'), room: roomControlsSchema }),
  /** To the host: someone knocks (waits in the lobby). */
  z.strictObject({ type: z.literal('knock'), ...knockSchema.shape }),
  /** To the host: that person no longer waits (admitted, denied, or gone). */
  z.strictObject({ type: z.literal('knock-cancelled'), id: peerIdSchema }),
  /** To one member: the host asks it to turn its microphone off (its client does). */
  z.strictObject({ type: z.literal('mute-requested'), by: peerIdSchema }),
]);

export type PeerInfo = z.infer<typeof peerInfoSchema>;
export type IceServer = z.infer<typeof iceServerSchema>;
export type WelcomeMessage = z.infer<typeof welcomeMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type RoomModeMessage = Extract<ServerMessage, { type: 'room-mode' }>;
export type ServerAppMessage = Extract<ServerMessage, { type: 'app' }>;
export type RoomStateMessage = Extract<ServerMessage, { type: 'room-state' }>;
export type ServerMessageType = ServerMessage['type'];
