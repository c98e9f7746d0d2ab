import type { Delivery, RelayedSignal } from '../hub.js';
import { supersedes, type SignalMeta } from './signal-meta.js';

/** What a dropped member's buffer holds: relayed signals and app messages. */
export type BufferedDelivery = RelayedSignal | Extract<Delivery, { type: 'app' }>;

/** A signal held for a dropped member, with what the limits and superseding need. */
export interface BufferedSignal {
  /** Order over the whole hub: lower is older. */
  readonly seq: number;
  readonly meta: SignalMeta;
  /** Size of the frame the member will receive. */
  readonly bytes: number;
  readonly message: BufferedDelivery;
}

/** One dropped member's buffered signals, oldest first, and their size. */
export class ResumeBuffer {
  #entries: BufferedSignal[] = [];
  #bytes = 0;

  get bytes(): number {
    return this.#bytes;
  }

  get length(): number {
    return this.#entries.length;
  }

  oldest(): BufferedSignal | undefined {
    return this.#entries[0];
  }

  /** Drops what `entry` supersedes (same sender), then appends it; returns the bytes dropped. */
  add(entry: BufferedSignal): number {
    const from = entry.message.from;
    const before = this.#bytes;
    this.#entries = this.#entries.filter(
      (older) => older.message.from !== from || !supersedes(entry.meta, older.meta),
    );
    this.#bytes = this.#entries.reduce((sum, kept) => sum + kept.bytes, 0);
    const dropped = before - this.#bytes;
    this.#entries.push(entry);
    this.#bytes += entry.bytes;
    return dropped;
  }

  /** Removes the oldest signal (its size is returned, 0 when empty). */
  shift(): number {
    const oldest = this.#entries.shift();
    if (oldest === undefined) return 0;
    this.#bytes -= oldest.bytes;
    return oldest.bytes;
  }

  /** Every signal in order; the buffer is empty afterwards. */
  take(): BufferedDelivery[] {
    const messages = this.#entries.map((entry) => entry.message);
    this.#entries = [];
    this.#bytes = 0;
    return messages;
  }
}
