import type { Knock, RoomControls } from '../protocol/index.js';
import type { MemberLink } from './hub.js';
import { newPeerId } from './ids.js';
import { controlsView, type ControlState, type EndReason } from './room-controls.js';

/** Someone waiting in a LocalHub room's lobby. */
interface Waiter {
  readonly knock: Knock;
  readonly link: MemberLink;
  /** The host admitted it: its link joins again under this id. */
  admitted: boolean;
}

/**
 * A LocalHub room's controls (rules: room-controls.ts): host, lobby, lock, passcode, and who
 * waits in the lobby (in knock order). The hub tells it about members; it tells the host.
 */
export class LocalControls {
  state: ControlState;
  readonly #waiting = new Map<string, Waiter>();

  constructor(lobby: boolean, passcode: string | null) {
    this.state = { host: null, locked: false, lobby, passcode };
  }

  /** Everyone in the queue, admitted ones that did not join yet included. */
  get waitingCount(): number {
    return this.#waiting.size;
  }

  /** Admitted but not joined yet: they will take a place in the room. */
  get admittedCount(): number {
    let count = 0;
    for (const waiter of this.#waiting.values()) if (waiter.admitted) count++;
    return count;
  }

  /** Who waits and was not admitted yet, oldest first (what the host is shown). */
  waiting(): Knock[] {
    return [...this.#waiting.values()].filter((w) => !w.admitted).map((w) => w.knock);
  }

  view(forId: string): RoomControls {
    return controlsView(this.state, forId, () => this.waiting());
  }

  /** Queues a knock; the host's link (if attached) is told. Returns the waiting id. */
  knock(name: string, link: MemberLink, hostLink: MemberLink | null): string {
    const knock = { id: newPeerId(), name };
    this.#waiting.set(knock.id, { knock, link, admitted: false });
    hostLink?.send({ type: 'knock', ...knock });
    return knock.id;
  }

  /** The id's waiter if the host admitted it on this link; it leaves the queue. */
  takeAdmitted(id: string, link: MemberLink): boolean {
    const waiter = this.#waiting.get(id);
    if (waiter?.admitted !== true || waiter.link !== link) return false;
    this.#waiting.delete(id);
    return true;
  }

  /** Marks a waiter admitted and tells its link; false when nobody waits under `id`. */
  admit(id: string, hostLink: MemberLink | null): boolean {
    const waiter = this.#waiting.get(id);
    if (waiter === undefined || waiter.admitted) return false;
    waiter.admitted = true;
    hostLink?.send({ type: 'knock-cancelled', id });
    waiter.link.admit();
    return true;
  }

  /** Everyone still waiting (not yet admitted), oldest first. */
  waitingIds(): string[] {
    return this.waiting().map((knock) => knock.id);
  }

  deny(id: string, hostLink: MemberLink | null): boolean {
    const waiter = this.#waiting.get(id);
    if (waiter === undefined || waiter.admitted) return false;
    this.#waiting.delete(id);
    hostLink?.send({ type: 'knock-cancelled', id });
    waiter.link.end('denied');
    return true;
  }

  /** The waiter's link gave up; the host is told unless it had already admitted it. */
  cancel(id: string, link: MemberLink, hostLink: MemberLink | null): void {
    const waiter = this.#waiting.get(id);
    if (waiter?.link !== link) return;
    this.#waiting.delete(id);
    if (!waiter.admitted) hostLink?.send({ type: 'knock-cancelled', id });
  }

  /** The meeting is over: everyone waiting (or admitted but not yet in) is told so. */
  endWaiting(reason: EndReason): void {
    const waiters = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const waiter of waiters) waiter.link.end(reason);
  }
}
