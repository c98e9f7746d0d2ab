import { z } from 'zod';
import { roomPathSchema, type RoomPath } from '../../protocol/index.js';
import {
  classifyPeerValue,
  libraryMessageSchemas,
  P2P_VERSION,
  type AppMessage,
  type CustomMessage,
} from '../app-messages.js';

/**
 * Control notices between two participants' calls, through the server's `app` relay:
 * `path`: "your media reaches me on `via` since room-mode `epoch`" (make before break);
 * `cannot-connect`: "my browser could not create a connection to you".
 */
export const controlNoticeSchemas = {
  path: z.object({
    type: z.literal('path'),
    via: roomPathSchema,
    epoch: z.number().int().nonnegative(),
  }),
  'cannot-connect': z.object({
    type: z.literal('cannot-connect'),
    reason: z.literal('no-peer-connection'),
  }),
} as const;

export type PathNotice = z.infer<typeof controlNoticeSchemas.path>;
export type ControlNotice = PathNotice | z.infer<(typeof controlNoticeSchemas)['cannot-connect']>;

export function pathNotice(via: RoomPath, epoch: number): PathNotice & { v: number } {
  return { v: P2P_VERSION, type: 'path', via, epoch };
}

export const cannotConnectNotice = {
  v: P2P_VERSION,
  type: 'cannot-connect',
  reason: 'no-peer-connection',
} as const;

/** What the relay may carry: the library's messages, control notices, and custom messages. */
const relayKnown: Readonly<Record<string, z.ZodType<AppMessage | ControlNotice>>> = {
  ...libraryMessageSchemas,
  ...controlNoticeSchemas,
};

export type RelayData =
  | { readonly kind: 'message'; readonly message: AppMessage }
  | { readonly kind: 'control'; readonly notice: ControlNotice }
  | { readonly kind: 'custom'; readonly message: CustomMessage };

export type RelayDecodeResult = ({ ok: true } & RelayData) | { ok: false; reason: string };

/** Validates relayed data (other participants are not trusted). */
export function decodeRelayData(data: unknown): RelayDecodeResult {
  const result = classifyPeerValue(data, relayKnown);
  if (!result.ok) return result;
  if ('custom' in result) return { ok: true, kind: 'custom', message: result.custom };
  const value = result.known;
  return value.type === 'path' || value.type === 'cannot-connect'
    ? { ok: true, kind: 'control', notice: value }
    : { ok: true, kind: 'message', message: value };
}
