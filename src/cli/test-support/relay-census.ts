import type { ServerMessage, SignalData } from '../../protocol/index.js';
import type { TestClient } from '../../server/test-support/test-client.js';

/** A room member in a relay census: its client, its id, its room. */
export interface CensusMember {
  readonly client: TestClient;
  readonly id: string;
  readonly room: string;
}

const KINDS = ['offer', 'answer', 'candidate'] as const;
const FENCE_SDP = 'fence';

/** The `seq`-th signal from `from` to `to`, its kind rotating; the tag names both ends. */
export function taggedSignal(from: string, to: string, seq: number): SignalData {
  const tag = `${from}>${to}#${String(seq)}`;
  const kind = KINDS[seq % KINDS.length] ?? 'offer';
  if (kind === 'candidate') {
    const line = `candidate:${String(seq)} 1 udp 2122260223 192.0.2.1 5000 typ host`;
    return { candidate: { candidate: line, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: tag } };
  }
  return { description: { type: kind, sdp: `v=0 ${tag}` } };
}

/** Sent last by every sender to every peer: once all fences are in, nothing is in flight. */
export const FENCE: SignalData = { description: { type: 'answer', sdp: FENCE_SDP } };

function tagOf(data: SignalData): string | null {
  if ('description' in data) return /^v=0 (\S+)$/.exec(data.description.sdp)?.[1] ?? null;
  return data.candidate?.usernameFragment ?? null;
}

function isFence(message: ServerMessage): boolean {
  return (
    message.type === 'signal' &&
    'description' in message.data &&
    message.data.description.sdp === FENCE_SDP
  );
}

/** Waits (on events, not time) until `member` has a fence from each of `senders`. */
export async function awaitFences(member: CensusMember, senders: number): Promise<void> {
  const fenced = (): number => member.client.received.filter(isFence).length;
  while (fenced() < senders) await member.client.next(20_000);
}

/**
 * Waits until every relay `client` sent so far has been answered: a signal to itself is
 * always refused, and relay outcomes come back in the order they were sent.
 */
export async function relayBarrier(client: TestClient, selfId: string): Promise<void> {
  const isOwn = (message: ServerMessage): boolean =>
    message.type === 'error' && message.code === 'unknown-peer' && message.message.includes(selfId);
  const before = client.received.filter(isOwn).length;
  client.send({ type: 'signal', to: selfId, data: { candidate: null } });
  while (client.received.filter(isOwn).length <= before) await client.next(20_000);
}

export interface Census {
  readonly delivered: number;
  readonly duplicated: number;
  readonly misrouted: number;
  readonly outOfOrder: number;
}

/** Checks every tagged signal each member received against who sent it to whom. */
export function takeCensus(members: readonly CensusMember[]): Census {
  const roomOf = new Map(members.map((member) => [member.id, member.room]));
  const seen = new Set<string>();
  let delivered = 0;
  let duplicated = 0;
  let misrouted = 0;
  let outOfOrder = 0;
  for (const member of members) {
    const lastSeq = new Map<string, number>();
    for (const message of member.client.all('signal')) {
      if (isFence(message)) continue;
      delivered++;
      const [, from, to, seq] = /^(.+)>(.+)#(\d+)$/.exec(tagOf(message.data) ?? '') ?? [];
      const wrongRoom = roomOf.get(message.from) !== member.room;
      if (from !== message.from || to !== member.id || wrongRoom) misrouted++;
      const key = `${String(from)}>${String(to)}#${String(seq)}`;
      if (seen.has(key)) duplicated++;
      seen.add(key);
      const n = Number(seq);
      if (n <= (lastSeq.get(message.from) ?? -1)) outOfOrder++;
      lastSeq.set(message.from, n);
    }
  }
  return { delivered, duplicated, misrouted, outOfOrder };
}
