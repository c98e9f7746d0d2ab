import { toBase64 } from './file-bytes.js';
import type { FileLimits } from './file-limits.js';
import type { CancelReason, FileCancel, FileChunk, FileOffer } from './file-messages.js';
import type { RelayPacer } from './relay-pacer.js';
import type { Transfer } from './transfer.js';

/** Sends a transfer's messages through the server to its one recipient. */
export type RelaySend = (message: FileOffer | FileChunk | FileCancel) => boolean;

/**
 * A file to one participant through the server's `app` relay (SFU mode, or no peer
 * connection): base64 chunks, paced for the server's rate limit, at most `relayWindow`
 * ahead of the receiver's acknowledgements (so a slow receiver never fills the server's
 * buffer for it). Without an acknowledgement for `relayRetryMs` it goes back to the
 * first unacknowledged chunk (a chunk the server dropped is sent again).
 */
export class RelaySender {
  readonly #total: number;
  #next = 0;
  #acked = 0;
  #stopped = false;
  #wake: () => void = () => undefined;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly file: Blob,
    private readonly offer: FileOffer,
    private readonly transfer: Transfer,
    private readonly send: RelaySend,
    private readonly pacer: RelayPacer,
    private readonly limits: FileLimits,
  ) {
    this.#total = Math.ceil(offer.size / this.#chunk);
    transfer.setCancel(() => {
      this.#finish('cancelled');
    });
  }

  get #chunk(): number {
    return this.offer.chunk ?? this.limits.relayChunkBytes;
  }

  async run(): Promise<void> {
    if (!this.send(this.offer)) {
      this.#finish('lost', false);
      return;
    }
    while (!this.#stopped) {
      if (this.#next < this.#total && this.#next - this.#acked < this.limits.relayWindow) {
        await this.pacer.take();
        if (this.#isStopped()) return;
        await this.#sendChunk(this.#next++);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#armRetry();
      });
    }
  }

  /** The receiver has every chunk before `next`. */
  acked(next: number): void {
    if (next <= this.#acked || next > this.#total) return;
    this.#acked = next;
    this.#next = Math.max(this.#next, next);
    this.transfer.progress(next * this.#chunk);
    this.#clearRetry();
    this.#wake();
  }

  /** The receiver's verdict. */
  result(ok: boolean): void {
    if (this.#stopped) return;
    if (ok) this.transfer.done();
    else this.transfer.stop('damaged');
    this.#stop();
  }

  /** The receiver stopped it, or the recipient left (`lost`). */
  remoteStopped(reason: CancelReason | 'lost'): void {
    this.#stop();
    this.transfer.stop(
      reason === 'cancelled' ? 'cancelled-remote' : reason === 'failed' ? 'lost' : reason,
    );
  }

  /** Read through a method: the flag changes in event handlers, between awaits. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  async #sendChunk(seq: number): Promise<void> {
    const chunk = this.#chunk;
    const bytes = new Uint8Array(
      await this.file.slice(seq * chunk, (seq + 1) * chunk).arrayBuffer(),
    );
    if (this.#stopped) return;
    const sent = this.send({
      type: 'file-chunk',
      transfer: this.offer.transfer,
      seq,
      data: toBase64(bytes),
    });
    if (!sent) this.#finish('lost', false);
  }

  #armRetry(): void {
    if (this.#retry !== null || this.#stopped) return;
    const acked = this.#acked;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      // Nothing acknowledged since: go back and send from the first missing chunk.
      if (this.#acked === acked) this.#next = this.#acked;
      this.#wake();
    }, this.limits.relayRetryMs);
  }

  #clearRetry(): void {
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
  }

  #finish(problem: 'cancelled' | 'lost', tell = true): void {
    if (this.#stopped) return;
    if (tell)
      this.send({
        type: 'file-cancel',
        transfer: this.offer.transfer,
        reason: problem === 'cancelled' ? 'cancelled' : 'failed',
      });
    this.#stop();
    this.transfer.stop(problem);
  }

  #stop(): void {
    this.#stopped = true;
    this.#clearRetry();
    this.#wake();
  }
}
