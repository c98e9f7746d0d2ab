import { roomPathSchema } from '../../protocol/index.js';
import type { LeaveReason, RoomEvents, RoomMemberSummary, RoomSummary } from '../room-events.js';
import type { OpGate } from './op-gate.js';
import { ReplyReader, RedisReplyError } from './replies.js';
import type { Scripts } from './scripts.js';

/** A slot a script ended (its GONE list, lua.ts). */
export interface GoneSlot {
  readonly id: string;
  readonly room: string;
  readonly name: string;
  /** The room emptied with it. */
  readonly emptied: boolean;
}

/** Every remaining item of a reply as GONE quadruples: id, room, name, '1' | '0'. */
export function readGone(read: ReplyReader): GoneSlot[] {
  const gone: GoneSlot[] = [];
  while (read.remaining >= 4) {
    const id = read.peerId();
    const [room, name, emptied] = [read.string(), read.string(), read.string()];
    gone.push({ id, room, name, emptied: emptied === '1' });
  }
  if (read.remaining !== 0) throw new RedisReplyError('invalid list of ended slots');
  return gone;
}

/** Room events for slots a script of this node ended. */
export function emitGone(events: RoomEvents, gone: readonly GoneSlot[], reason: LeaveReason): void {
  for (const slot of gone)
    events.left(slot.room, { id: slot.id, name: slot.name }, reason, slot.emptied);
}

/**
 * The slots a `leave` or `detach` script ended ({1, GONE...}; 0 when the connection no
 * longer owned the member).
 */
export function goneOf(reply: unknown): GoneSlot[] {
  if (!Array.isArray(reply)) return [];
  const read = new ReplyReader(reply);
  read.number();
  return readGone(read);
}

/**
 * The admin page's view of the rooms in Redis (lua-admin.ts). Its actions are the host's
 * (RedisControls: removeMember, endRoom).
 */
export class RedisAdmin {
  constructor(
    private readonly scripts: Scripts,
    private readonly gate: OpGate,
  ) {}

  async listRooms(limit: number): Promise<RoomSummary[]> {
    const read = new ReplyReader(
      await this.gate.run(() => this.scripts.run('list-rooms', [String(limit)])),
    );
    const rooms: RoomSummary[] = [];
    for (let count = read.number(); count > 0; count--) {
      const room = read.string();
      const path = roomPathSchema.safeParse(read.string());
      if (!path.success) throw new RedisReplyError('invalid room path in reply');
      const members: RoomMemberSummary[] = [];
      for (let n = read.number(); n > 0; n--) {
        const [id, name, node, state] = [
          read.peerId(),
          read.string(),
          read.string(),
          read.string(),
        ];
        const attached = state === 'a';
        members.push({ id, name, attached, node: attached ? node : '' });
      }
      rooms.push({ room, path: path.data, members });
    }
    return rooms;
  }
}
