import { z } from 'zod';

const transfer = z.string().min(1).max(64);

/**
 * A file on its way to one participant. Peer to peer it is the first message on the
 * transfer's own data channel (`via: channel`, then the bytes as binary messages); through
 * the server it goes as a peer message (`via: relay`, then `file-chunk`s).
 */
export const fileOfferSchema = z.object({
  type: z.literal('file-offer'),
  transfer,
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  mime: z.string().max(127),
  /** SHA-256 of the whole file, lower-case hex: the receiver checks what arrived. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  via: z.enum(['channel', 'relay']),
  /** Bytes per `file-chunk` (relay only). */
  chunk: z
    .number()
    .int()
    .positive()
    .max(16 * 1024)
    .exactOptional(),
});

/** Relay only: bytes `seq × chunk` onwards, base64. */
export const fileChunkSchema = z.object({
  type: z.literal('file-chunk'),
  transfer,
  seq: z.number().int().nonnegative(),
  data: z.string().max(16_000),
});

/** Relay only, receiver → sender: every chunk before `next` arrived. */
export const fileAckSchema = z.object({
  type: z.literal('file-ack'),
  transfer,
  next: z.number().int().nonnegative(),
});

/** Receiver → sender: all of it arrived; `ok`: its SHA-256 matches the offer's. */
export const fileResultSchema = z.object({
  type: z.literal('file-result'),
  transfer,
  ok: z.boolean(),
});

/** Either side: the transfer stops (`too-large`: over the receiver's limit). */
export const fileCancelSchema = z.object({
  type: z.literal('file-cancel'),
  transfer,
  reason: z.enum(['cancelled', 'too-large', 'failed']),
});

export type FileOffer = z.infer<typeof fileOfferSchema>;
export type FileChunk = z.infer<typeof fileChunkSchema>;
export type FileAck = z.infer<typeof fileAckSchema>;
export type FileResult = z.infer<typeof fileResultSchema>;
export type FileCancel = z.infer<typeof fileCancelSchema>;
export type CancelReason = FileCancel['reason'];

/** The messages a transfer's own data channel carries as text. */
export const channelControlSchema = z.discriminatedUnion('type', [
  fileOfferSchema,
  fileResultSchema,
  fileCancelSchema,
]);
export type ChannelControl = z.infer<typeof channelControlSchema>;

/** The label of a transfer's data channel. */
export const CHANNEL_PREFIX = 'confab-file:';
