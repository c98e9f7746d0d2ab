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
}

/** What the messenger sends: the library's messages and apps' custom ones. */
export type OutgoingMessage = AppMessage | CustomMessage;

/**
 * App messages (chat, media state, app data, custom types): over a participant's data channel when it
 * is open (peer to peer, never through the server), else through the server's relay (SFU
 * mode, a channel not open yet, a participant without WebRTC). A broadcast that needs
 * the relay for some goes to everyone through it once; receivers drop the copy they get
 * twice by its id.
 */
export class Messenger {
  readonly #seen = new Map<string, Set<string>>();

  constructor(private readonly port: MessengerPort) {}

  /**
   * Sends to one participant (`to`) or everyone; returns the message as sent (with its id).
   * Every message carries the protocol version (`v`) and an id.
   */
  send<M extends OutgoingMessage>(message: M, to?: string): M & { v: number; id: string } {
    const sent = { ...message, v: P2P_VERSION, id: message.id ?? newMessageId() };
    const text = JSON.stringify(sent);
    const recipients = to === undefined ? this.port.participants() : [to];
    const unreached = recipients.filter((id) => !this.port.sendChannel(id, text));
    if (unreached.length === 0) return sent;
    const [only] = unreached;
    const data = sent as unknown as AppData;
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

  forget(id: string): void {
    this.#seen.delete(id);
  }
}

export function newMessageId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : String(Math.random()).slice(2);
}
