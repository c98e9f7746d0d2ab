import { z } from 'zod';
import { peerIdSchema } from './ids.js';
import { MAX_LOBBY_WAITING, MAX_PASSCODE_CHARS, MIN_PASSCODE_CHARS } from './limits.js';
import { displayNameSchema } from './names.js';

/**
 * Running a meeting (docs/protocol.md, "Host controls"): the room's host, its lobby, lock and
 * passcode, and what the host may do. The server enforces every rule; these are the shapes.
 */

/** A room passcode as a person types it (the server stores only a salted scrypt hash). */
export const passcodeSchema = z
  .string()
  .min(MIN_PASSCODE_CHARS, `passcode shorter than ${String(MIN_PASSCODE_CHARS)} characters`)
  .max(MAX_PASSCODE_CHARS, `passcode longer than ${String(MAX_PASSCODE_CHARS)} characters`);

/** Someone waiting in the lobby, as the host sees them (`knock`, `room.waiting`). */
export const knockSchema = z.strictObject({ id: peerIdSchema, name: displayNameSchema });

/**
 * The room's controls as one member sees them: who the host is (null only while nobody is in
 * the room), whether the lobby and the lock are on and a passcode is set. Only the host's copy
 * lists who is waiting in the lobby (oldest first).
 */
export const roomControlsSchema = z.strictObject({
  host: peerIdSchema.nullable(),
  locked: z.boolean(),
  lobby: z.boolean(),
  passcode: z.boolean(),
  waiting: z.array(knockSchema).max(MAX_LOBBY_WAITING).exactOptional(),
});

const hostAction = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
  z.strictObject({ type: z.literal('host'), action: z.literal(action), ...shape });

const target = { id: peerIdSchema };

/**
 * What only the host may ask (anyone else gets `forbidden`). There is deliberately no way to
 * unmute somebody else: `mute-request` only ever turns a microphone off.
 */
export const hostMessageSchema = z.discriminatedUnion('action', [
  hostAction('admit', target),
  hostAction('deny', target),
  hostAction('set-lobby', { on: z.boolean() }),
  hostAction('set-lock', { locked: z.boolean() }),
  hostAction('remove', target),
  hostAction('mute-request', target),
  hostAction('transfer-host', target),
  hostAction('end-meeting', {}),
  hostAction('set-passcode', { passcode: passcodeSchema.nullable() }),
  hostAction('set-mode', { pinned: z.boolean() }),
]);

export type Knock = z.infer<typeof knockSchema>;
export type RoomControls = z.infer<typeof roomControlsSchema>;
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type HostAction = HostMessage['action'];
