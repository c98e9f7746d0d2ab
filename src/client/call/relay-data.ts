import { z } from 'zod';
import { roomPathSchema, type RoomPath } from '../../protocol/index.js';
import { appMessageSchema, type AppMessage } from '../app-messages.js';

/**
 * Control notices between two participants' calls, through the server's `app` relay:
 * `path`: "your media reaches me on `via` since room-mode `epoch`" (make before break);
 * `cannot-connect`: "my browser could not create a connection to you".
 */
export const controlNoticeSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('path'),
    via: roomPathSchema,
    epoch: z.number().int().nonnegative(),
  }),
  z.strictObject({ type: z.literal('cannot-connect'), reason: z.literal('no-peer-connection') }),
]);

export type ControlNotice = z.infer<typeof controlNoticeSchema>;
export type PathNotice = Extract<ControlNotice, { type: 'path' }>;

export function pathNotice(via: RoomPath, epoch: number): PathNotice {
  return { type: 'path', via, epoch };
}

/** What one participant's `app` relay data may be: an app message or a control notice. */
const relayDataSchema = z.union([appMessageSchema, controlNoticeSchema]);

export type RelayData =
  | { readonly kind: 'message'; readonly message: AppMessage }
  | { readonly kind: 'control'; readonly notice: ControlNotice };

export type RelayDecodeResult = ({ ok: true } & RelayData) | { ok: false; reason: string };

/** Validates relayed data (other participants are not trusted). */
export function decodeRelayData(data: unknown): RelayDecodeResult {
  const result = relayDataSchema.safeParse(data);
  if (!result.success) return { ok: false, reason: result.error.issues[0]?.message ?? 'invalid' };
  const value = result.data;
  return value.type === 'path' || value.type === 'cannot-connect'
    ? { ok: true, kind: 'control', notice: value }
    : { ok: true, kind: 'message', message: value };
}
