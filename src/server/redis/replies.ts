import { z } from 'zod';
import {
  peerIdSchema,
  peerInfoSchema,
  roomControlsSchema,
  roomPathSchema,
  type PeerInfo,
  type RoomControls,
  type RoomMode,
} from '../../protocol/index.js';
import type { Delivery } from '../hub.js';
import type { EndedSlot } from '../room-controls.js';
import { deliveryFromText } from '../relay-encoding.js';

/** Redis answered something our scripts never return: treated like Redis being unavailable. */
export class RedisReplyError extends Error {
  readonly code = 'bad-redis-reply';
  override readonly name = 'RedisReplyError';
}

const flatReply = z.array(z.union([z.string(), z.number()]));

/**
 * Reads a script's flat array reply field by field, validating each one, so nothing read
 * from Redis reaches a client or a decision unchecked.
 */
export class ReplyReader {
  readonly #items: readonly (string | number)[];
  #at = 0;

  constructor(reply: unknown) {
    const parsed = flatReply.safeParse(reply);
    if (!parsed.success) throw new RedisReplyError('script reply is not a flat array');
    this.#items = parsed.data;
  }

  get remaining(): number {
    return this.#items.length - this.#at;
  }

  string(): string {
    const value = this.#items[this.#at++];
    if (typeof value !== 'string') throw new RedisReplyError(`expected a string at ${this.#at}`);
    return value;
  }

  number(): number {
    const value = this.#items[this.#at++];
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new RedisReplyError(`expected an integer at ${this.#at}`);
    return value;
  }

  peerId(): string {
    const parsed = peerIdSchema.safeParse(this.string());
    if (!parsed.success) throw new RedisReplyError('invalid peer id in reply');
    return parsed.data;
  }

  /** `count` (id, name, webrtc '0' | '1') triples, as the Lua `roster` writes them. */
  peers(count: number): PeerInfo[] {
    const peers: PeerInfo[] = [];
    for (let i = 0; i < count; i++) {
      const [id, name] = [this.string(), this.string()];
      const webrtc = this.string() === '0' ? { webrtc: false } : {};
      const parsed = peerInfoSchema.safeParse({ id, name, ...webrtc });
      if (!parsed.success) throw new RedisReplyError('invalid peer in reply');
      peers.push(parsed.data);
    }
    return peers;
  }

  /** (id, name) pairs: the member itself in a resume reply. */
  self(): PeerInfo {
    const parsed = peerInfoSchema.safeParse({ id: this.string(), name: this.string() });
    if (!parsed.success) throw new RedisReplyError('invalid member in reply');
    return parsed.data;
  }

  /** path, epoch, pinned (0 | 1): a room's mode as `mode_fields` writes it. */
  mode(): RoomMode {
    const path = roomPathSchema.safeParse(this.string());
    const epoch = this.number();
    const pinned = this.number();
    if (!path.success || epoch < 0) throw new RedisReplyError('invalid room mode in reply');
    return { path: path.data, epoch, pinned: pinned === 1 };
  }

  /**
   * A room's controls as `controls_fields` (lua-controls.ts) writes them: host ('' none),
   * locked, lobby, passcode set (0 | 1), the number of waiting pairs (-1: not the host's copy)
   * and those (id, name) pairs.
   */
  controls(): RoomControls {
    const host = this.string();
    const [locked, lobby, passcode] = [this.number(), this.number(), this.number()];
    const count = this.number();
    const waiting: { id: string; name: string }[] = [];
    for (let i = 0; i < count; i++) waiting.push({ id: this.string(), name: this.string() });
    const parsed = roomControlsSchema.safeParse({
      host: host === '' ? null : host,
      locked: locked === 1,
      lobby: lobby === 1,
      passcode: passcode === 1,
      ...(count >= 0 ? { waiting } : {}),
    });
    if (!parsed.success) throw new RedisReplyError('invalid room controls in reply');
    return parsed.data;
  }

  /** Every remaining item as a buffered signal or app message (JSON a node wrote, checked again). */
  signals(): Delivery[] {
    const messages: Delivery[] = [];
    while (this.remaining > 0) {
      const message = deliveryFromText(this.string());
      if (message?.type !== 'relayed' && message?.type !== 'app')
        throw new RedisReplyError('invalid buffered message');
      messages.push(message);
    }
    return messages;
  }
}

export type JoinReply =
  | {
      readonly kind: 'ok';
      readonly seq: number;
      readonly mode: RoomMode;
      readonly room: RoomControls;
      readonly peers: PeerInfo[];
    }
  | { readonly kind: 'room-full' | 'lobby-full'; readonly capacity: number }
  | { readonly kind: 'waiting' | 'locked' | 'passcode-required' | 'passcode-wrong' }
  | { readonly kind: 'unavailable'; readonly reason: string };

const SIMPLE_JOIN_REFUSALS = new Set(['waiting', 'locked', 'passcode-required', 'passcode-wrong']);

export function parseJoin(reply: unknown): JoinReply {
  const read = new ReplyReader(reply);
  const kind = read.string();
  if (kind === 'room-full' || kind === 'lobby-full') return { kind, capacity: read.number() };
  if (kind === 'unavailable') return { kind, reason: read.string() };
  if (SIMPLE_JOIN_REFUSALS.has(kind))
    return { kind: kind as 'waiting' | 'locked' | 'passcode-required' | 'passcode-wrong' };
  if (kind !== 'ok') throw new RedisReplyError(`unknown join outcome ${kind}`);
  const seq = read.number();
  const mode = read.mode();
  const room = read.controls();
  return { kind, seq, mode, room, peers: read.peers(read.remaining / 3) };
}

export interface Reattached {
  readonly peers: PeerInfo[];
  readonly buffered: Delivery[];
}

export type ResumeReply =
  | ({
      readonly kind: 'ok';
      readonly self: PeerInfo;
      readonly seq: number;
      readonly mode: RoomMode;
      readonly room: RoomControls;
    } & Reattached)
  | { readonly kind: 'resume-failed' | 'removed' | 'meeting-ended' }
  | { readonly kind: 'unavailable'; readonly reason: string };

export function parseResume(reply: unknown): ResumeReply {
  const read = new ReplyReader(reply);
  const kind = read.string();
  if (kind === 'resume-failed' || kind === 'removed' || kind === 'meeting-ended') return { kind };
  if (kind === 'unavailable') return { kind, reason: read.string() };
  if (kind !== 'ok') throw new RedisReplyError(`unknown resume outcome ${kind}`);
  const self = read.self();
  const seq = read.number();
  const mode = read.mode();
  const room = read.controls();
  const peers = read.peers(read.number());
  return { kind, self, seq, mode, room, peers, buffered: read.signals() };
}

export type ReattachReply =
  | ({ readonly kind: 'ok' } & Reattached)
  | { readonly kind: 'gone' | 'superseded' }
  | { readonly kind: 'unavailable'; readonly reason: string };

export function parseReattach(reply: unknown): ReattachReply {
  const read = new ReplyReader(reply);
  const kind = read.string();
  if (kind === 'gone' || kind === 'superseded') return { kind };
  if (kind === 'unavailable') return { kind, reason: read.string() };
  if (kind !== 'ok') throw new RedisReplyError(`unknown reattach outcome ${kind}`);
  const peers = read.peers(read.number());
  return { kind, peers, buffered: read.signals() };
}

const relayOutcomes = ['delivered', 'buffered', 'skipped', 'unknown-peer', 'dropped'] as const;
const relayReply = z.tuple([z.enum(relayOutcomes), z.string()]);

export interface RelayReply {
  readonly outcome: (typeof relayOutcomes)[number];
  /** Node the signal was published to ('' unless delivered), or why it was dropped. */
  readonly detail: string;
}

export function parseRelay(reply: unknown): RelayReply {
  const parsed = relayReply.safeParse(reply);
  if (!parsed.success) throw new RedisReplyError('invalid relay reply');
  const [outcome, detail] = parsed.data;
  return { outcome, detail };
}

export type RenewProblem = 'gone' | 'superseded' | 'away' | EndedSlot;
const renewProblem = z.enum(['gone', 'superseded', 'away', 'removed', 'meeting-ended']);

/** `epoch`: Redis lost its data (or was flushed); otherwise the members that need action. */
export function parseRenew(reply: unknown): 'epoch' | Map<string, RenewProblem> {
  const read = new ReplyReader(reply);
  if (read.remaining === 1) {
    if (read.string() === 'epoch') return 'epoch';
    throw new RedisReplyError('invalid renew reply');
  }
  const problems = new Map<string, RenewProblem>();
  while (read.remaining > 0) {
    const id = read.peerId();
    const problem = renewProblem.safeParse(read.string());
    if (!problem.success) throw new RedisReplyError('invalid renew reply');
    problems.set(id, problem.data);
  }
  return problems;
}

export function parseEpoch(reply: unknown): { readonly id: string; readonly waitMs: number } {
  const read = new ReplyReader(reply);
  return { id: read.string(), waitMs: read.number() };
}

/** How many leases and grace periods ended; the reader is left at the script's GONE list. */
export function parseSweep(reply: unknown): {
  readonly away: number;
  readonly removed: number;
  readonly rest: ReplyReader;
} {
  const read = new ReplyReader(reply);
  return { away: read.number(), removed: read.number(), rest: read };
}

/** Member ids per room, in the order the rooms were asked for. */
export function parseRosters(reply: unknown, rooms: readonly string[]): Map<string, Set<string>> {
  const read = new ReplyReader(reply);
  const rosters = new Map<string, Set<string>>();
  for (const room of rooms) {
    const count = read.number();
    const ids = new Set<string>();
    for (let i = 0; i < count; i++) ids.add(read.peerId());
    rosters.set(room, ids);
  }
  return rosters;
}

/** A list of ids (e.g. the waiting connections `renew-waiting` no longer knows). */
export function parseIds(reply: unknown): string[] {
  const read = new ReplyReader(reply);
  const ids: string[] = [];
  while (read.remaining > 0) ids.push(read.peerId());
  return ids;
}
