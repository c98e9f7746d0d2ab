import { z } from 'zod';

/** How media travels in a room: peer to peer (full mesh) or through the SFU (Janus). */
export const roomPathSchema = z.enum(['mesh', 'sfu']);

/**
 * A room's media mode. `epoch` grows by one on every change of path and on every new SFU
 * room (after a media server was lost), so SFU messages of an older epoch are recognisably
 * stale on both sides. `pinned`: the room never leaves the mesh (server configuration or a
 * room token with the `mesh` claim).
 */
export const roomModeSchema = z.strictObject({
  path: roomPathSchema,
  epoch: z.number().int().nonnegative(),
  pinned: z.boolean(),
});

/** Why a room's mode changed (`room-mode`). */
export const ROOM_MODE_REASONS = [
  'grew',
  'shrank',
  'sfu-lost',
  'sfu-restored',
  'pinned',
  'unpinned',
] as const;
export const roomModeReasonSchema = z.enum(ROOM_MODE_REASONS);

/** What a media track carries; SFU streams are tagged with it. */
export const mediaSourceSchema = z.enum(['microphone', 'camera', 'screen']);

export type RoomPath = z.infer<typeof roomPathSchema>;
export type RoomMode = z.infer<typeof roomModeSchema>;
export type RoomModeReason = z.infer<typeof roomModeReasonSchema>;
export type MediaSource = z.infer<typeof mediaSourceSchema>;
