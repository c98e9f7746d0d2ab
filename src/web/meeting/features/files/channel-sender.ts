import type { FileLimits } from './file-limits.js';
import { channelControlSchema, type FileCancel, type FileOffer } from './file-messages.js';
import type { Transfer } from './transfer.js';

/** The file is read this much at a time (not all of it into memory at once). */
const READ_BYTES = 1024 * 1024;
/** A channel that does not open by then will not. */
const OPEN_TIMEOUT_MS = 15_000;

/**
 * A file to one participant over its own data channel, peer to peer: the offer as text,
 * then the bytes as binary messages of `chunkBytes`, writing only while less than
 * `highWaterBytes` is buffered and waiting for `bufferedamountlow` otherwise.
 */
export class ChannelSender {
  #stopped = false;
  #sent = 0;
  #drained: () => void = () => undefined;

  constructor(
    private readonly file: Blob,
    private readonly offer: FileOffer,
    private readonly transfer: Transfer,
    private readonly channel: RTCDataChannel,
    private readonly limits: FileLimits,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = limits.lowWaterBytes;
    transfer.setCancel(() => {
      this.#control({ type: 'file-cancel', transfer: offer.transfer, reason: 'cancelled' });
      this.#end('cancelled');
    });
    channel.addEventListener('bufferedamountlow', () => {
      this.#reportProgress();
      this.#drained();
    });
    channel.addEventListener('message', (event: MessageEvent) => {
      this.#onMessage(event.data);
    });
    channel.addEventListener('close', () => {
      this.#end('lost');
    });
  }

  async run(): Promise<void> {
    if (!(await this.#opened())) {
      this.#end('lost');
      return;
    }
    this.#control(this.offer);
    const { chunkBytes, highWaterBytes } = this.limits;
    let sent = 0;
    for (let offset = 0; offset < this.file.size && !this.#isStopped(); offset += READ_BYTES) {
      const block = new Uint8Array(
        await this.file.slice(offset, offset + READ_BYTES).arrayBuffer(),
      );
      for (let i = 0; i < block.length && !this.#isStopped(); i += chunkBytes) {
        if (this.channel.bufferedAmount > highWaterBytes) await this.#drain();
        if (this.#isStopped() || this.channel.readyState !== 'open') return;
        const chunk = block.subarray(i, i + chunkBytes);
        this.channel.send(chunk);
        sent += chunk.length;
        this.#sent = sent;
        this.#reportProgress();
      }
    }
  }

  /** Bytes that left this browser (not those still buffered). */
  #reportProgress(): void {
    this.transfer.progress(this.#sent - this.channel.bufferedAmount);
  }

  /** Read through a method: the flag changes in event handlers, between awaits. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  #opened(): Promise<boolean> {
    const channel = this.channel;
    if (channel.readyState === 'open') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, OPEN_TIMEOUT_MS);
      channel.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(true);
      });
      channel.addEventListener('close', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  }

  #drain(): Promise<void> {
    return new Promise((resolve) => {
      this.#drained = resolve;
    });
  }

  #onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = channelControlSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'file-result') {
      if (message.ok) this.transfer.done();
      else this.transfer.stop('damaged');
      this.#close();
    } else if (message.type === 'file-cancel') {
      this.transfer.stop(
        message.reason === 'cancelled'
          ? 'cancelled-remote'
          : message.reason === 'too-large'
            ? 'too-large'
            : 'lost',
      );
      this.#close();
    }
  }

  #control(message: FileOffer | FileCancel): void {
    if (this.channel.readyState === 'open') this.channel.send(JSON.stringify(message));
  }

  #end(problem: 'cancelled' | 'lost'): void {
    this.transfer.stop(problem);
    this.#close();
  }

  #close(): void {
    this.#stopped = true;
    this.#drained();
    this.channel.close();
  }
}
