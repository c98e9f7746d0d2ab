import type { FileLimits } from './file-limits.js';
import {
  channelControlSchema,
  type FileCancel,
  type FileOffer,
  type FileResult,
} from './file-messages.js';
import { completeReceived } from './received-file.js';
import type { Transfer } from './transfer.js';

/** What the files feature makes of an offer: a transfer to fill, or null (refused). */
export type OfferHandler = (offer: FileOffer) => Transfer | null;

/**
 * A file arriving on its own data channel: the first message is the offer (text), the
 * rest are its bytes; verified when all arrived, then the verdict goes back and the
 * channel closes. An offer over our size limit is refused before any byte is stored.
 */
export class ChannelReceiver {
  readonly #parts: ArrayBuffer[] = [];
  #received = 0;
  #offer: FileOffer | null = null;
  #transfer: Transfer | null = null;
  #finished = false;

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly limits: FileLimits,
    private readonly onOffer: OfferHandler,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') this.#onText(event.data);
      else if (event.data instanceof ArrayBuffer) this.#onBytes(event.data);
    });
    channel.addEventListener('close', () => {
      if (!this.#finished) this.#transfer?.stop('lost');
      this.#finished = true;
    });
  }

  #onText(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.channel.close();
      return;
    }
    const parsed = channelControlSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'file-offer' && this.#offer === null) this.#accept(message);
    else if (message.type === 'file-cancel') {
      this.#finished = true;
      this.#transfer?.stop(message.reason === 'cancelled' ? 'cancelled-remote' : 'lost');
      this.channel.close();
    }
  }

  #accept(offer: FileOffer): void {
    const transfer = this.onOffer(offer);
    if (transfer === null) {
      this.channel.close();
      return;
    }
    this.#offer = offer;
    this.#transfer = transfer;
    transfer.setCancel(() => {
      this.#finished = true;
      this.#send({ type: 'file-cancel', transfer: offer.transfer, reason: 'cancelled' });
      transfer.stop('cancelled');
      this.channel.close();
    });
    if (offer.size > this.limits.maxBytes) {
      this.#finished = true;
      this.#send({ type: 'file-cancel', transfer: offer.transfer, reason: 'too-large' });
      transfer.stop('too-large');
      this.channel.close();
      return;
    }
    if (offer.size === 0) void this.#complete();
  }

  #onBytes(bytes: ArrayBuffer): void {
    const offer = this.#offer;
    const transfer = this.#transfer;
    if (offer === null || transfer === null || this.#finished) return;
    this.#received += bytes.byteLength;
    if (this.#received > offer.size) {
      this.#finished = true;
      this.#send({ type: 'file-cancel', transfer: offer.transfer, reason: 'failed' });
      transfer.stop('damaged');
      this.channel.close();
      return;
    }
    this.#parts.push(bytes);
    transfer.progress(this.#received);
    if (this.#received === offer.size) void this.#complete();
  }

  async #complete(): Promise<void> {
    const offer = this.#offer;
    const transfer = this.#transfer;
    if (offer === null || transfer === null) return;
    this.#finished = true;
    const ok = await completeReceived(this.#parts, offer, transfer);
    this.#send({ type: 'file-result', transfer: offer.transfer, ok });
    // The sender closes once it read the verdict; closing here too would race it.
  }

  #send(message: FileResult | FileCancel): void {
    if (this.channel.readyState === 'open') this.channel.send(JSON.stringify(message));
  }
}
