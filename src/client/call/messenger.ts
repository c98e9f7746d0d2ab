import { P2P_VERSION, type AppMessage, type CustomMessage } from '../app-messages.js';
import type { AppData } from '../signaling-types.js';

/** Message ids remembered per sender, to drop a second copy (oldest forgotten first). */
const REMEMBERED_IDS = 256;

export interface MessengerPort {
  /** Everyone a broadcast is for. */
  participants(): readonly string[];
  /** Sends text on the participant's data channel; false when it is not open. */
  sendChannel(id: string, text: string): boolean;
  /** Sends through the server's `app` relay, to one participant or to everyone. */
  sendRelay(data: AppData, to?: string): void;
  /** Whether the participant's data channel is about to open (a mesh connection is under way). */
  expectsChannel(id: string): boolean;
  /**
   * Whether the participant's data channel may close under a message (the room is leaving
   * the mesh: either side closes its connection when it has settled on the SFU, and the
   * other side's channel looks open until it hears). Such messages also go through the relay.
   */
  channelMayClose(id: string): boolean;
}

/** How long messages wait for a data channel that is about to open before the relay takes them. */
export const CHANNEL_WAIT_MS = 5000;

interface Waiting {
  readonly items: { readonly data: AppData; readonly text: string }[];
  readonly timer: ReturnType<typeof setTimeout>;
}

/** What the messenger sends: the library's messages and apps' custom ones. */
export type OutgoingMessage = AppMessage | CustomMessage;

/**
 * App messages (chat, media state, app data, custom types): over a participant's data
 * channel when it is open (peer to peer, never through the server); for a participant
 * whose channel is about to open, they wait for it (in order, at most `CHANNEL_WAIT_MS`);
 * else through the server's relay (SFU mode, a participant without WebRTC, a channel that
 * did not open). While the room leaves the mesh, a message on a channel also goes through
 * the relay, since the channel may close before it arrives. A broadcast that needs the relay
 * for several goes to everyone through it once; receivers drop the copy they get twice by
 * its id.
 */
export class Messenger {
  readonly #seen = new Map<string, Set<string>>();
  readonly #waiting = new Map<string, Waiting>();

  constructor(
    private readonly port: MessengerPort,
    private readonly channelWaitMs = CHANNEL_WAIT_MS,
  ) {}

  /**
   * Sends to one participant (`to`) or everyone; returns the message as sent (with its id).
   * Every message carries the protocol version (`v`) and an id.
   */
  send<M extends OutgoingMessage>(message: M, to?: string): M & { v: number; id: string } {
    const sent = { ...message, v: P2P_VERSION, id: message.id ?? newMessageId() };
    const text = JSON.stringify(sent);
    const data = sent as unknown as AppData;
    const recipients = to === undefined ? this.port.participants() : [to];
    const unreached = recipients.filter(
      (id) => !this.#direct(id, data, text) || this.port.channelMayClose(id),
    );
    if (unreached.length === 0) return sent;
    const [only] = unreached;
    if (to !== undefined || (unreached.length === 1 && only !== undefined))
      this.port.sendRelay(data, to ?? only);
    else this.port.sendRelay(data);
    return sent;
  }

  /** True the first time a message (by its id) arrives from this sender. */
  accept(from: string, id: string | undefined): boolean {
    if (id === undefined) return true;
    let seen = this.#seen.get(from);
    if (seen === undefined) {
      seen = new Set();
      this.#seen.set(from, seen);
    }
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > REMEMBERED_IDS) {
      const [oldest] = seen;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  }

  /** The participant's data channel opened: what waited for it goes now, in order. */
  channelOpen(id: string): void {
    const waiting = this.#waiting.get(id);
    if (waiting === undefined) return;
    this.#waiting.delete(id);
    clearTimeout(waiting.timer);
    for (const { data, text } of waiting.items)
      if (!this.port.sendChannel(id, text)) this.port.sendRelay(data, id);
  }

  forget(id: string): void {
    this.#seen.delete(id);
    const waiting = this.#waiting.get(id);
    if (waiting !== undefined) clearTimeout(waiting.timer);
    this.#waiting.delete(id);
  }

  /** Stops every wait (the call closed). */
  dispose(): void {
    for (const id of [...this.#waiting.keys()]) this.forget(id);
  }

  /** Sent or queued for the participant's channel; false: the relay must take it. */
  #direct(id: string, data: AppData, text: string): boolean {
    const waiting = this.#waiting.get(id);
    if (waiting !== undefined) {
      waiting.items.push({ data, text });
      return true;
    }
    if (this.port.sendChannel(id, text)) return true;
    if (!this.port.expectsChannel(id)) return false;
    const timer = setTimeout(() => {
      const stale = this.#waiting.get(id);
      this.#waiting.delete(id);
      for (const item of stale?.items ?? []) this.port.sendRelay(item.data, id);
    }, this.channelWaitMs);
    this.#waiting.set(id, { items: [{ data, text }], timer });
    return true;
  }
}

export function newMessageId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : String(Math.random()).slice(2);
}
