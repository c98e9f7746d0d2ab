import { z } from 'zod';
import type { Jsep } from './janus-wire.js';

// The VideoRoom plugin's payloads (plugindata.data), validated like any external input.
// confab configures `string_ids = true`, so rooms and participants are strings.

const roomId = z.string().min(1).max(256);
const participantId = z.string().min(1).max(256);
const mid = z.string().min(1).max(64);

const publishedStreamSchema = z.looseObject({
  type: z.enum(['audio', 'video', 'data']),
  mindex: z.number().int().nonnegative(),
  mid,
  disabled: z.boolean().exactOptional(),
  codec: z.string().max(32).exactOptional(),
  description: z.string().max(256).exactOptional(),
  simulcast: z.boolean().exactOptional(),
  svc: z.boolean().exactOptional(),
  talking: z.boolean().exactOptional(),
});

export const publisherInfoSchema = z.looseObject({
  id: participantId,
  display: z.string().max(1024).exactOptional(),
  dummy: z.boolean().exactOptional(),
  streams: z.array(publishedStreamSchema).max(64).default([]),
  talking: z.boolean().exactOptional(),
});
export type PublisherInfo = z.infer<typeof publisherInfoSchema>;

const attendeeSchema = z.looseObject({
  id: participantId,
  display: z.string().max(1024).exactOptional(),
});
export type AttendeeInfo = z.infer<typeof attendeeSchema>;

/** One m-line of a subscription (subscriber side). */
export const subscriberStreamSchema = z.looseObject({
  mindex: z.number().int().nonnegative(),
  mid,
  type: z.enum(['audio', 'video', 'data']),
  feed_id: participantId.exactOptional(),
  feed_mid: mid.exactOptional(),
  feed_display: z.string().max(1024).exactOptional(),
  feed_description: z.string().max(256).exactOptional(),
  send: z.boolean().exactOptional(),
  ready: z.boolean().exactOptional(),
  active: z.boolean().exactOptional(),
});
export type SubscriberStream = z.infer<typeof subscriberStreamSchema>;

export const createdSchema = z.looseObject({ videoroom: z.literal('created'), room: roomId });
export const destroyedSchema = z.looseObject({ videoroom: z.literal('destroyed'), room: roomId });
export const existsSchema = z.looseObject({
  videoroom: z.literal('success'),
  room: roomId,
  exists: z.boolean(),
});
export const successSchema = z.looseObject({ videoroom: z.literal('success') });

const roomInfoSchema = z.looseObject({
  room: roomId,
  description: z.string().max(1024).exactOptional(),
  is_private: z.boolean(),
  max_publishers: z.number().int(),
  num_participants: z.number().int().nonnegative(),
  videocodec: z.string().exactOptional(),
  audiocodec: z.string().exactOptional(),
});
export type RoomInfo = z.infer<typeof roomInfoSchema>;
export const listSchema = z.looseObject({
  videoroom: z.literal('success'),
  list: z.array(roomInfoSchema).max(100_000),
});

const participantInfoSchema = z.looseObject({
  id: participantId,
  display: z.string().max(1024).exactOptional(),
  publisher: z.boolean(),
  talking: z.boolean().exactOptional(),
});
export type ParticipantInfo = z.infer<typeof participantInfoSchema>;
export const participantsSchema = z.looseObject({
  videoroom: z.literal('participants'),
  room: roomId,
  participants: z.array(participantInfoSchema).max(100_000),
});

export const joinedSchema = z.looseObject({
  videoroom: z.literal('joined'),
  room: roomId,
  id: participantId,
  private_id: z.number().int().nonnegative(),
  publishers: z.array(publisherInfoSchema).max(10_000),
  attendees: z.array(attendeeSchema).max(100_000).default([]),
});

export const attachedSchema = z.looseObject({
  videoroom: z.literal('attached'),
  room: roomId,
  streams: z.array(subscriberStreamSchema).max(1024),
});

/** `updated` answers subscribe/unsubscribe/update; `updating` means "offer postponed". */
export const updatedSchema = z.looseObject({
  videoroom: z.enum(['updated', 'updating']),
  room: roomId,
  streams: z.array(subscriberStreamSchema).max(1024).exactOptional(),
});

const okEventSchema = z.looseObject({ videoroom: z.literal('event') });

/** `{videoroom: 'event', <key>: 'ok'}`: the plugin's "done" for configure, start, leave... */
export function isOkEvent(data: Record<string, unknown>, key: string): boolean {
  return okEventSchema.safeParse(data).success && data[key] === 'ok';
}

/** An asynchronous VideoRoom notification, typed; `other` keeps what we do not model. */
export type VideoRoomEvent =
  | { type: 'publishers'; room: string; publishers: PublisherInfo[] }
  | { type: 'unpublished'; room: string; id: string }
  | { type: 'leaving'; room: string; id: string }
  | { type: 'kicked'; room: string; id: string }
  | { type: 'joining'; room: string; id: string; display: string | null }
  | { type: 'talking'; room: string; id: string; mid: string | null; talking: boolean }
  | { type: 'destroyed'; room: string }
  | { type: 'substream'; room: string; mid: string; substream: number }
  | { type: 'temporal'; room: string; mid: string; temporal: number }
  | { type: 'updated'; room: string; streams: SubscriberStream[]; offer: Jsep | null }
  | { type: 'left'; reason: string | null }
  | { type: 'other'; data: Record<string, unknown> };

const roomEvent = z.looseObject({ videoroom: z.literal('event'), room: roomId });
const notifications = [
  [
    roomEvent.extend({ publishers: z.array(publisherInfoSchema).max(10_000) }),
    (d: { room: string; publishers: PublisherInfo[] }) =>
      ({ type: 'publishers', room: d.room, publishers: d.publishers }) as const,
  ],
  [
    roomEvent.extend({ unpublished: participantId }),
    (d: { room: string; unpublished: string }) =>
      ({ type: 'unpublished', room: d.room, id: d.unpublished }) as const,
  ],
  [
    roomEvent.extend({ leaving: participantId }),
    (d: { room: string; leaving: string }) =>
      ({ type: 'leaving', room: d.room, id: d.leaving }) as const,
  ],
  [
    roomEvent.extend({ kicked: participantId }),
    (d: { room: string; kicked: string }) =>
      ({ type: 'kicked', room: d.room, id: d.kicked }) as const,
  ],
  [
    roomEvent.extend({ joining: attendeeSchema }),
    (d: { room: string; joining: AttendeeInfo }) =>
      ({
        type: 'joining',
        room: d.room,
        id: d.joining.id,
        display: d.joining.display ?? null,
      }) as const,
  ],
  [
    roomEvent.extend({ substream: z.number().int(), mid }),
    (d: { room: string; mid: string; substream: number }) =>
      ({ type: 'substream', room: d.room, mid: d.mid, substream: d.substream }) as const,
  ],
  [
    roomEvent.extend({ temporal: z.number().int(), mid }),
    (d: { room: string; mid: string; temporal: number }) =>
      ({ type: 'temporal', room: d.room, mid: d.mid, temporal: d.temporal }) as const,
  ],
] as const;

const talkingSchema = z.looseObject({
  videoroom: z.enum(['talking', 'stopped-talking']),
  room: roomId,
  id: participantId,
  mid: mid.exactOptional(),
});
const leftSchema = z.looseObject({
  videoroom: z.literal('event'),
  leaving: z.literal('ok'),
  reason: z.string().max(256).exactOptional(),
});

/** Maps one asynchronous plugin payload (and its JSEP, if any) to a typed event. */
export function parseVideoRoomEvent(
  data: Record<string, unknown>,
  jsep: Jsep | undefined,
): VideoRoomEvent {
  const talking = talkingSchema.safeParse(data);
  if (talking.success) {
    const { room, id, videoroom } = talking.data;
    return {
      type: 'talking',
      room,
      id,
      mid: talking.data.mid ?? null,
      talking: videoroom === 'talking',
    };
  }
  const destroyed = destroyedSchema.safeParse(data);
  if (destroyed.success) return { type: 'destroyed', room: destroyed.data.room };
  const updated = updatedSchema.safeParse(data);
  if (updated.success && updated.data.videoroom === 'updated') {
    const { room, streams } = updated.data;
    return { type: 'updated', room, streams: streams ?? [], offer: jsep ?? null };
  }
  const left = leftSchema.safeParse(data);
  if (left.success) return { type: 'left', reason: left.data.reason ?? null };
  for (const [schema, toEvent] of notifications) {
    const parsed = schema.safeParse(data);
    // Each schema's output is exactly what its own mapper takes.
    if (parsed.success) return (toEvent as (d: unknown) => VideoRoomEvent)(parsed.data);
  }
  return { type: 'other', data };
}
