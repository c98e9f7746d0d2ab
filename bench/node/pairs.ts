// Pairs of members on one server: the unit of load of the relay benchmark.
import type { TargetName } from '../servers/targets.js';
import { joinMember, type Member } from './members.js';

export interface Pair {
  readonly a: Member;
  readonly b: Member;
}

/** Joins `count` two-member rooms and waits until each side knows the other. */
export async function connectPairs(
  target: TargetName,
  port: number,
  count: number,
  tag: string,
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const room = `${tag}-${String(i)}`;
    const a = await joinMember(target, { port, room, id: `${room}-a`, roomMates: [] });
    const b = await joinMember(target, { port, room, id: `${room}-b`, roomMates: [] });
    // confab tells the first member about the second with `peer-joined`; wait for it so the
    // first signal cannot race the join.
    if (target === 'confab') await known(a, b.id);
    pairs.push({ a, b });
  }
  return pairs;
}

function known(member: Member, id: string): Promise<void> {
  if (member.known.has(id)) return Promise.resolve();
  return new Promise((resolve) => {
    member.onKnown = () => {
      if (member.known.has(id)) resolve();
    };
  });
}

export function closePairs(pairs: readonly Pair[]): void {
  for (const { a, b } of pairs) {
    a.close();
    b.close();
  }
}
