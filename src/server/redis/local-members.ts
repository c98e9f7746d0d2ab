import type { PeerInfo } from '../../protocol/index.js';
import type { Delivery, MemberLink, Membership } from '../hub.js';

/**
 * A connection whose join or resume script is in flight. Messages for it that arrive over
 * pub/sub meanwhile are held: they must follow what the script's reply hands over.
 */
export class PendingConnection {
  readonly held: Delivery[] = [];
  /** Verdicts (admitted, place ended) that came meanwhile: run after the reply is through. */
  readonly verdicts: (() => void)[] = [];

  constructor(
    readonly conn: string,
    readonly link: MemberLink,
  ) {}

  deliver(message: Delivery): void {
    this.held.push(message);
  }

  /** After the connection layer took the join's outcome in (its await resumed). */
  releaseVerdicts(): void {
    const verdicts = this.verdicts.splice(0);
    if (verdicts.length === 0) return;
    setImmediate(() => {
      for (const verdict of verdicts) verdict();
    });
  }
}

/**
 * A connection of this node waiting in a room's lobby under `waitingId`: it receives nothing
 * but its verdict (admitted, or its place ended).
 */
export class WaitingConnection {
  constructor(
    readonly conn: string,
    readonly link: MemberLink,
    readonly room: string,
    readonly waitingId: string,
  ) {}

  deliver(): void {
    // A waiting connection is in no room: nothing is relayed to it.
  }
}

/** A member attached to this node: what the hub needs to renew, restore and deliver. */
export class LocalMember {
  /** Peer ids this connection has been told about (welcome, peer-joined, peer-left). */
  readonly known: Set<string>;
  /** Non-null while a script that hands over buffered messages is in flight. */
  held: Delivery[] | null;

  constructor(
    readonly conn: string,
    readonly link: MemberLink,
    readonly membership: Membership,
    /** Join order in the room, kept so the member can be restored in its place. */
    readonly seq: number,
    readonly tokenHash: string,
    /** The client's address bucket, kept so a restored member keeps its per-address limits. */
    readonly addressKey: string,
    peers: readonly PeerInfo[],
    held: Delivery[] | null,
  ) {
    this.known = new Set(peers.map((peer) => peer.id));
    this.held = held;
  }

  deliver(message: Delivery): void {
    if (this.held === null) this.#send(message);
    else this.held.push(message);
  }

  /** Starts holding; false if a hand-over is already in flight. */
  hold(): boolean {
    if (this.held !== null) return false;
    this.held = [];
    return true;
  }

  /** Ends holding: `first` (catch-up events, buffered signals) goes out before what was held. */
  release(first: readonly Delivery[]): void {
    const held = this.held ?? [];
    this.held = null;
    for (const message of first) this.#send(message);
    for (const message of held) this.#send(message);
  }

  /** Events that bring this connection's view of the room up to `peers` (oldest first). */
  catchUp(peers: readonly PeerInfo[]): Delivery[] {
    const present = new Set(peers.map((peer) => peer.id));
    const events: Delivery[] = [];
    for (const id of this.known) if (!present.has(id)) events.push({ type: 'peer-left', id });
    for (const peer of peers)
      if (!this.known.has(peer.id)) events.push({ type: 'peer-joined', peer });
    return events;
  }

  #send(message: Delivery): void {
    if (message.type === 'peer-joined') this.known.add(message.peer.id);
    else if (message.type === 'peer-left') this.known.delete(message.id);
    this.link.send(message);
  }
}

/** This node's connections by connection id, and its attached members by peer id. */
export class LocalMembers {
  readonly #byConn = new Map<string, PendingConnection | LocalMember | WaitingConnection>();
  readonly #byPeer = new Map<string, LocalMember>();
  readonly #waiting = new Map<string, WaitingConnection>();

  addPending(pending: PendingConnection): void {
    this.#byConn.set(pending.conn, pending);
  }

  /** A join's reply said: wait in the lobby (its pending connection becomes a waiting one). */
  addWaiting(waiting: WaitingConnection): void {
    this.#byConn.set(waiting.conn, waiting);
    this.#waiting.set(waiting.waitingId, waiting);
  }

  /** The waiting connection of `link` under `waitingId`, if this node has it. */
  waitingOf(waitingId: string, link: MemberLink): WaitingConnection | undefined {
    const waiting = this.#waiting.get(waitingId);
    return waiting?.link === link ? waiting : undefined;
  }

  allWaiting(): WaitingConnection[] {
    return [...this.#waiting.values()];
  }

  /** The join/resume succeeded; a previous connection of the same peer stays until superseded. */
  attach(member: LocalMember): void {
    this.#byConn.set(member.conn, member);
    this.#byPeer.set(member.membership.peerId, member);
  }

  remove(conn: string): void {
    const entry = this.#byConn.get(conn);
    if (entry === undefined) return;
    this.#byConn.delete(conn);
    if (entry instanceof LocalMember && this.#byPeer.get(entry.membership.peerId) === entry)
      this.#byPeer.delete(entry.membership.peerId);
    if (entry instanceof WaitingConnection && this.#waiting.get(entry.waitingId) === entry)
      this.#waiting.delete(entry.waitingId);
  }

  byConn(conn: string): PendingConnection | LocalMember | WaitingConnection | undefined {
    return this.#byConn.get(conn);
  }

  /** The member as `link` owns it; undefined for a superseded or unknown link. */
  owned(peerId: string, link: MemberLink): LocalMember | undefined {
    const member = this.#byPeer.get(peerId);
    return member?.link === link ? member : undefined;
  }

  byPeer(peerId: string): LocalMember | undefined {
    return this.#byPeer.get(peerId);
  }

  attached(): LocalMember[] {
    return [...this.#byPeer.values()];
  }

  rooms(): Set<string> {
    return new Set(this.attached().map((member) => member.membership.room));
  }

  get size(): number {
    return this.#byPeer.size;
  }
}
