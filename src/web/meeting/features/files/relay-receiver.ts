import { fromBase64 } from './file-bytes.js';
import type { FileLimits } from './file-limits.js';
import type {
  CancelReason,
  FileAck,
  FileCancel,
  FileChunk,
  FileOffer,
  FileResult,
} from './file-messages.js';
import { completeReceived } from './received-file.js';
import type { Transfer } from './transfer.js';

export type RelayReply = (message: FileAck | FileResult | FileCancel) => void;

/** Re-acknowledging a repeated or early chunk at most this often. */
const REACK_MS = 500;

/**
 * A file from one participant through the server's relay: chunks in order (a gap or a
 * repeat is answered with the acknowledgement of what we have, so the sender goes back),
 * acknowledged every `relayAckEvery`, verified at the end.
 */
export class RelayReceiver {
  readonly #parts: Uint8Array<ArrayBuffer>[] = [];
  readonly #total: number;
  readonly #chunk: number;
  #expected = 0;
  #lastAckAt = 0;
  #stopped = false;

  constructor(
    private readonly offer: FileOffer,
    private readonly transfer: Transfer,
    private readonly reply: RelayReply,
    private readonly limits: FileLimits,
  ) {
    this.#chunk = offer.chunk ?? limits.relayChunkBytes;
    this.#total = Math.ceil(offer.size / this.#chunk);
    transfer.setCancel(() => {
      this.#stop();
      reply({ type: 'file-cancel', transfer: offer.transfer, reason: 'cancelled' });
      transfer.stop('cancelled');
    });
  }

  /** Starts it: a file without bytes is complete at once. */
  start(): void {
    if (this.#total === 0) void this.#complete();
  }

  chunk(message: FileChunk): void {
    if (this.#stopped) return;
    if (message.seq !== this.#expected) {
      const now = performance.now();
      if (now - this.#lastAckAt >= REACK_MS) this.#ack(now);
      return;
    }
    const bytes = fromBase64(message.data);
    const last = message.seq === this.#total - 1;
    const expectedLength = last ? this.offer.size - message.seq * this.#chunk : this.#chunk;
    if (bytes?.length !== expectedLength) {
      this.#stop();
      this.reply({ type: 'file-cancel', transfer: this.offer.transfer, reason: 'failed' });
      this.transfer.stop('damaged');
      return;
    }
    this.#parts.push(bytes);
    this.#expected += 1;
    this.transfer.progress(this.#expected * this.#chunk);
    if (this.#expected % this.limits.relayAckEvery === 0 || last) this.#ack(performance.now());
    if (last) void this.#complete();
  }

  /** The sender stopped, or left. */
  remoteStopped(reason: CancelReason | 'lost'): void {
    this.#stop();
    this.transfer.stop(reason === 'cancelled' ? 'cancelled-remote' : 'lost');
  }

  #ack(now: number): void {
    this.#lastAckAt = now;
    this.reply({ type: 'file-ack', transfer: this.offer.transfer, next: this.#expected });
  }

  async #complete(): Promise<void> {
    this.#stop();
    const ok = await completeReceived(this.#parts, this.offer, this.transfer);
    this.reply({ type: 'file-result', transfer: this.offer.transfer, ok });
  }

  #stop(): void {
    this.#stopped = true;
  }
}
