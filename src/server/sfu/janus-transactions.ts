import { JanusClientError } from './janus-errors.js';
import type { JanusFrame } from './janus-wire.js';

/** The frames that can end a transaction. */
export type ReplyFrame = Extract<JanusFrame, { janus: 'success' | 'ack' | 'event' }>;

interface Pending {
  readonly resolve: (frame: ReplyFrame) => void;
  readonly reject: (error: JanusClientError) => void;
  readonly timer: NodeJS.Timeout;
  /** Plugin messages: an `ack` only means "received"; the answer is a later `event`. */
  readonly ackIsNotFinal: boolean;
  /** What was asked, for error messages ("attach janus.plugin.videoroom"). */
  readonly what: string;
}

/**
 * Requests in flight, keyed by transaction id: bounded in count, each with a deadline.
 * Janus answers core requests with `success`/`ack`/`error`; plugin messages with `success`
 * (synchronous plugin requests), or `ack` and later an `event` with the same transaction.
 */
export class TransactionTable {
  readonly #pending = new Map<string, Pending>();
  #counter = 0;

  constructor(
    private readonly limit: number,
    private readonly timeoutMs: number,
  ) {}

  get size(): number {
    return this.#pending.size;
  }

  /** Registers a new transaction; throws `janus-overloaded` when the table is full. */
  open(ackIsNotFinal: boolean, what: string): { id: string; reply: Promise<ReplyFrame> } {
    if (this.#pending.size >= this.limit) {
      throw new JanusClientError(
        'janus-overloaded',
        `${String(this.limit)} Janus requests already in flight`,
      );
    }
    this.#counter += 1;
    const id = `c${this.#counter.toString(36)}`;
    const reply = new Promise<ReplyFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          id,
          new JanusClientError(
            'janus-timeout',
            `Janus did not answer ${what} within ${String(this.timeoutMs)} ms`,
          ),
        );
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, ackIsNotFinal, what });
    });
    return { id, reply };
  }

  has(id: string): boolean {
    return this.#pending.has(id);
  }

  /** Settles the transaction a reply belongs to; false when it is not one of ours. */
  settle(id: string, frame: ReplyFrame | Extract<JanusFrame, { janus: 'error' }>): boolean {
    const pending = this.#pending.get(id);
    if (pending === undefined) return false;
    if (frame.janus === 'ack' && pending.ackIsNotFinal) return true;
    this.#remove(id, pending);
    if (frame.janus === 'error') {
      pending.reject(
        new JanusClientError(
          'janus-error',
          `${pending.what}: ${frame.error.reason ?? `Janus error ${String(frame.error.code)}`}`,
          frame.error.code,
        ),
      );
    } else {
      pending.resolve(frame);
    }
    return true;
  }

  fail(id: string, error: JanusClientError): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#remove(id, pending);
    pending.reject(error);
  }

  failAll(error: JanusClientError): void {
    for (const id of [...this.#pending.keys()]) this.fail(id, error);
  }

  #remove(id: string, pending: Pending): void {
    clearTimeout(pending.timer);
    this.#pending.delete(id);
  }
}
