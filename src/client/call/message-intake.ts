import { decodeAppMessage, type AppMessage, type CustomMessage } from '../app-messages.js';
import { ConfabError } from '../errors.js';
import type { Messenger } from './messenger.js';
import { decodeRelayData, type ControlNotice } from './relay-data.js';

export interface IntakeHandlers {
  /** A new app message (a second copy of one is dropped). */
  message(from: string, message: AppMessage): void;
  /** A message of a type the library does not define (an app's own, a newer peer's). */
  custom(from: string, message: CustomMessage): void;
  notice(from: string, notice: ControlNotice): void;
  invalid(error: ConfabError): void;
}

/**
 * What other participants send us, from a data channel or through the server: validated
 * (peers are not trusted), deduplicated, and handed on. A type we do not know is not an
 * error: it goes to the app as a custom message (docs/protocol.md, forward compatibility).
 */
export class MessageIntake {
  constructor(
    private readonly messenger: Messenger,
    private readonly handlers: IntakeHandlers,
  ) {}

  /** A text frame on a participant's data channel. */
  channel(from: string, text: string): void {
    const decoded = decodeAppMessage(text);
    if (!decoded.ok) this.#invalid(from, decoded.reason);
    else if ('custom' in decoded) this.#custom(from, decoded.custom);
    else this.#deliver(from, decoded.known);
  }

  /** The data of an `app` message the server relayed from a participant. */
  relayed(from: string, data: unknown): void {
    const decoded = decodeRelayData(data);
    if (!decoded.ok) this.#invalid(from, decoded.reason);
    else if (decoded.kind === 'control') this.handlers.notice(from, decoded.notice);
    else if (decoded.kind === 'custom') this.#custom(from, decoded.message);
    else this.#deliver(from, decoded.message);
  }

  #deliver(from: string, message: AppMessage): void {
    if (this.messenger.accept(from, message.id)) this.handlers.message(from, message);
  }

  #custom(from: string, message: CustomMessage): void {
    if (this.messenger.accept(from, message.id)) this.handlers.custom(from, message);
  }

  #invalid(from: string, reason: string): void {
    this.handlers.invalid(new ConfabError('bad-peer-message', `peer ${from} sent ${reason}`));
  }
}
