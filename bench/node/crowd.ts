// Many members at once on one server: joined with bounded concurrency, or all at once.
import type { TargetName } from '../servers/targets.js';
import { joinMember, type Member } from './members.js';

export interface RoomLayout {
  readonly rooms: number;
  readonly perRoom: number;
  /** Prefix that makes ids and room names unique across trials. */
  readonly tag: string;
}

export interface Seat {
  readonly room: string;
  readonly id: string;
  readonly roomMates: readonly string[];
}

/** Every member of every room, in join order. */
export function seats(layout: RoomLayout): Seat[] {
  const out: Seat[] = [];
  for (let r = 0; r < layout.rooms; r++) {
    const room = `${layout.tag}-r${String(r)}`;
    const ids = Array.from({ length: layout.perRoom }, (_, m) => `${room}-m${String(m)}`);
    for (const id of ids) out.push({ room, id, roomMates: ids.filter((other) => other !== id) });
  }
  return out;
}

/** Joins every seat with at most `concurrency` joins in flight. */
export async function joinAll(
  target: TargetName,
  port: number,
  all: readonly Seat[],
  concurrency: number,
): Promise<Member[]> {
  const members: Member[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < all.length) {
      const seat = all[next++];
      if (seat !== undefined) members.push(await joinMember(target, { port, ...seat }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return members;
}
