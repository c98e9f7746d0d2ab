import { afterEach } from 'vitest';
import type { PeerInfo, RoomControls, RoomMode, SignalData } from '../../protocol/index.js';
import type {
  AppData,
  DetachCause,
  JoinOutcome,
  JoinRequest,
  Membership,
  RelayOutcome,
  SignalingHub,
} from '../hub.js';
import type { ControlAction, ControlOutcome } from '../room-controls.js';
import { barrierMarker, RecordingLink } from './recording-link.js';

/** The limits every hub takes; the contract suite varies them per test. */
export interface HubLimits {
  readonly roomCapacity: number;
  readonly resumeGraceMs: number;
  readonly resumeBufferMessages: number;
  readonly resumeBufferBytes: number;
  readonly resumeBufferBytesPerRoom: number;
  readonly resumeBufferBytesPerIp: number;
  readonly maxDroppedPerRoom: number;
  readonly maxDroppedPerIp: number;
  readonly lobbyCapacity: number;
  readonly passcodeTriesPerIp: number;
  readonly passcodeTriesPerRoom: number;
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  roomCapacity: 8,
  resumeGraceMs: 30_000,
  resumeBufferMessages: 256,
  resumeBufferBytes: 256 * 1024,
  resumeBufferBytesPerRoom: 1024 * 1024,
  resumeBufferBytesPerIp: 1024 * 1024,
  maxDroppedPerRoom: 4,
  maxDroppedPerIp: 8,
  lobbyCapacity: 20,
  passcodeTriesPerIp: 5,
  passcodeTriesPerRoom: 20,
};

/** The address bucket members join from unless a test says otherwise. */
export const TEST_ADDRESS = '192.0.2.1';

/** Starts a hub with these limits, ready to admit joins. */
export type MakeHub = (limits: HubLimits) => Promise<SignalingHub>;

/**
 * For one contract suite: `start(limits)` makes a hub with the default limits overridden
 * and a harness on it; every hub started in a test is closed after it.
 */
export function hubStarter(makeHub: MakeHub): (limits?: Partial<HubLimits>) => Promise<HubHarness> {
  const hubs: SignalingHub[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((hub) => hub.close()));
  });
  return async (limits = {}) => {
    const all = { ...DEFAULT_HUB_LIMITS, ...limits };
    const hub = await makeHub(all);
    hubs.push(hub);
    return new HubHarness(hub, all);
  };
}

/** An admitted member: what the hub answered and the link it delivers to. */
export interface Joined {
  readonly member: Membership;
  readonly id: string;
  readonly link: RecordingLink;
  readonly token: string;
  readonly peers: readonly PeerInfo[];
  readonly info: PeerInfo;
  /** The room's mode the hub admitted the member with (what its welcome says). */
  readonly mode: RoomMode;
  /** The room's controls as the member was told them (`welcome.room`). */
  readonly room: RoomControls;
}

/** A join that waits in the lobby: its id there and its link. */
export interface Waiting {
  readonly room: string;
  readonly name: string;
  readonly waitingId: string;
  readonly link: RecordingLink;
  readonly extras: Partial<JoinExtras>;
}

/** What a join may add to room and name. */
export type JoinExtras = Omit<JoinRequest, 'room' | 'name'>;

let roomCount = 0;

/** Drives one hub the way connections do, with recording links. */
export class HubHarness {
  #markers = 0;

  constructor(
    readonly hub: SignalingHub,
    readonly limits: HubLimits,
  ) {}

  /** A room name no other test of this process used. */
  room(): string {
    return `contract-${String(++roomCount)}`;
  }

  async join(
    room: string,
    name: string,
    link = new RecordingLink(),
    extras: Partial<JoinExtras> = {},
  ): Promise<Joined> {
    const request = { room, name, addressKey: TEST_ADDRESS, ...extras };
    return admitted(await this.hub.join(request, link), link);
  }

  /** A join that must wait in the lobby. */
  async wait(
    room: string,
    name: string,
    extras: Partial<JoinExtras> = {},
    link = new RecordingLink(),
  ): Promise<Waiting> {
    const outcome = await this.tryJoin(room, name, link, extras);
    if (outcome.ok !== 'waiting')
      throw new Error(`expected to wait, got ${outcome.ok ? 'admitted' : outcome.code}`);
    return { room, name, waitingId: outcome.waitingId, link, extras };
  }

  /** The admitted waiter joins again, as its connection does on `admit`. */
  async enter(waiting: Waiting): Promise<Joined> {
    await waiting.link.until(() => waiting.link.admitted > 0, 'admit');
    return this.join(waiting.room, waiting.name, waiting.link, {
      ...waiting.extras,
      admitted: waiting.waitingId,
    });
  }

  control(actor: Joined, action: ControlAction, link = actor.link): Promise<ControlOutcome> {
    return this.hub.control(actor.member, link, action);
  }

  /** Joins from another client address (per-address limits). */
  joinFrom(addressKey: string, room: string, name: string): Promise<Joined> {
    return this.join(room, name, new RecordingLink(), { addressKey });
  }

  tryJoin(
    room: string,
    name: string,
    link = new RecordingLink(),
    extras: Partial<JoinExtras> = {},
  ): Promise<JoinOutcome> {
    return this.hub.join({ room, name, addressKey: TEST_ADDRESS, ...extras }, link);
  }

  app(from: Joined, to: string | null, data: AppData): Promise<RelayOutcome> {
    return this.hub.relayApp(from.member, to, data);
  }

  tryResume(
    who: { readonly member: Membership; readonly token: string },
    link = new RecordingLink(),
    room = who.member.room,
    addressKey = TEST_ADDRESS,
  ): Promise<JoinOutcome> {
    return this.hub.resume({ room, name: who.member.name, token: who.token, addressKey }, link);
  }

  async resume(
    who: Joined,
    link = new RecordingLink(),
    addressKey = TEST_ADDRESS,
  ): Promise<Joined> {
    return admitted(await this.tryResume(who, link, who.member.room, addressKey), link);
  }

  relay(from: Joined, to: string, data: SignalData): Promise<RelayOutcome> {
    return this.hub.relay(from.member, to, { data, sdpLiteral: null });
  }

  detach(who: Joined, link: RecordingLink = who.link, cause: DetachCause = 'lost'): void {
    this.hub.detach(who.member, link, cause);
  }

  leave(who: Joined, link: RecordingLink = who.link): void {
    this.hub.leave(who.member, link);
  }

  /**
   * Barrier: everything the hub sent `target` before now has reached `link` once this
   * resolves. `via` (attached, same room) relays a marker; hubs keep delivery order.
   */
  async settle(target: Joined, via: Joined, link: RecordingLink = target.link): Promise<void> {
    const n = ++this.#markers;
    const outcome = await this.relay(via, target.id, barrierMarker(n));
    if (outcome !== 'delivered') throw new Error(`barrier not delivered: ${outcome}`);
    await link.marker(n);
  }
}

function admitted(outcome: JoinOutcome, link: RecordingLink): Joined {
  if (outcome.ok === 'waiting') throw new Error('expected to be admitted, got waiting');
  if (!outcome.ok) throw new Error(`expected to be admitted, got ${outcome.code}`);
  const { member, peers, resumeToken, mode, room } = outcome;
  return {
    member,
    id: member.peerId,
    link,
    token: resumeToken,
    peers,
    info: { id: member.peerId, name: member.name },
    mode,
    room,
  };
}

/** Candidate data numbered `i`, to check order. */
export function numbered(i: number): SignalData {
  return { candidate: { candidate: `candidate:${String(i)}`, sdpMid: '0', sdpMLineIndex: 0 } };
}

/** The numbers of the `numbered` signals a link received, in order. */
export function numbersOf(link: RecordingLink): number[] {
  return link.all('signal').flatMap(({ data }) => {
    const text = 'candidate' in data ? data.candidate?.candidate : undefined;
    const match = /^candidate:(\d+)$/.exec(text ?? '');
    return match ? [Number(match[1])] : [];
  });
}
