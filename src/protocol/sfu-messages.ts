import { z } from 'zod';
import { peerIdSchema } from './ids.js';
import {
  MAX_ICE_FIELD_CHARS,
  MAX_SFU_CHOICES,
  MAX_SFU_SDP_BYTES,
  utf8WithinLimit,
} from './limits.js';
import { mediaSourceSchema } from './room-mode.js';
import { iceCandidateSchema } from './signal-data.js';

/**
 * Messages between a member and the server's SFU controller (SFU mode). The browser never
 * talks to Janus: the server forwards what a member may do in its own room and nothing else.
 * Every message carries the room's SFU `epoch`; one of another epoch is stale.
 */
const epoch = z.number().int().nonnegative();
const sdp = z.string().refine((text) => utf8WithinLimit(text, MAX_SFU_SDP_BYTES), {
  message: `sdp larger than ${String(MAX_SFU_SDP_BYTES)} bytes`,
});
const mid = z.string().min(1).max(MAX_ICE_FIELD_CHARS);
const pcSchema = z.enum(['publisher', 'subscriber']);

/** Which of a participant's video feeds a choice is about. */
export const videoSourceSchema = z.enum(['camera', 'screen']);

/** Simulcast layer: 0 lowest … 2 highest; null pauses the feed (Janus stops sending it). */
export const layerSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.null()]);

// Client → server.

/** The offer of the member's publisher connection (also every renegotiation). */
export const sfuPublishSchema = z.strictObject({
  type: z.literal('sfu-publish'),
  epoch,
  sdp,
  sources: z
    .array(z.strictObject({ mid, source: mediaSourceSchema }))
    .min(1)
    .max(8),
});

/** The member's answer to the server's last `sfu-offer` (subscriber connection). */
export const clientSfuAnswerSchema = z.strictObject({ type: z.literal('sfu-answer'), epoch, sdp });

/** A trickled candidate for one of the member's SFU connections; null: gathering done. */
export const clientSfuCandidateSchema = z.strictObject({
  type: z.literal('sfu-candidate'),
  epoch,
  pc: pcSchema,
  candidate: iceCandidateSchema.nullable(),
});

/** What the member wants to receive of each feed (tile size decides the layer). */
export const sfuLayersSchema = z.strictObject({
  type: z.literal('sfu-layers'),
  epoch,
  choices: z
    .array(z.strictObject({ peer: peerIdSchema, source: videoSourceSchema, layer: layerSchema }))
    .min(1)
    .max(MAX_SFU_CHOICES),
});

/** The member stops publishing and subscribing (its peers reach it peer to peer again). */
export const sfuLeaveSchema = z.strictObject({ type: z.literal('sfu-leave'), epoch });

// Server → client.

/** Janus's answer to the member's publisher offer. */
export const serverSfuAnswerSchema = z.strictObject({ type: z.literal('sfu-answer'), epoch, sdp });

/** One receiving stream of the subscriber connection: whose media, from which source. */
export const sfuStreamSchema = z.strictObject({
  mid,
  peer: peerIdSchema,
  source: mediaSourceSchema,
});

/** An offer for the member's subscriber connection (first, and each time feeds change). */
export const sfuOfferSchema = z.strictObject({
  type: z.literal('sfu-offer'),
  epoch,
  sdp,
  streams: z.array(sfuStreamSchema).max(1024),
});

export const serverSfuCandidateSchema = z.strictObject({
  type: z.literal('sfu-candidate'),
  epoch,
  pc: pcSchema,
  candidate: iceCandidateSchema.nullable(),
});

export type SfuPublishMessage = z.infer<typeof sfuPublishSchema>;
export type ClientSfuAnswerMessage = z.infer<typeof clientSfuAnswerSchema>;
export type ClientSfuCandidateMessage = z.infer<typeof clientSfuCandidateSchema>;
export type SfuLayersMessage = z.infer<typeof sfuLayersSchema>;
export type SfuLeaveMessage = z.infer<typeof sfuLeaveSchema>;
export type ServerSfuAnswerMessage = z.infer<typeof serverSfuAnswerSchema>;
export type SfuOfferMessage = z.infer<typeof sfuOfferSchema>;
export type ServerSfuCandidateMessage = z.infer<typeof serverSfuCandidateSchema>;
export type SfuStream = z.infer<typeof sfuStreamSchema>;
export type SfuPeerConnectionRole = z.infer<typeof pcSchema>;
export type VideoSource = z.infer<typeof videoSourceSchema>;
export type SimulcastLayer = z.infer<typeof layerSchema>;
