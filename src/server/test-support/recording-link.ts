import type { ServerMessage, SignalData } from '../../protocol/index.js';
import type { Delivery, MemberLink } from '../hub.js';
import type { EndReason } from '../room-controls.js';
import { encodeForClient, toServerMessage } from '../relay-encoding.js';

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

const WAIT_MS = 5000;

/** Signal data no test sends: a barrier marker (see `HubHarness.settle`). */
export function barrierMarker(n: number): SignalData {
  return { candidate: { candidate: '', sdpMid: `barrier-${String(n)}`, sdpMLineIndex: null } };
}

function isBarrier(message: ServerMessage): boolean {
  return (
    message.type === 'signal' &&
    'candidate' in message.data &&
    message.data.candidate?.sdpMid?.startsWith('barrier-') === true
  );
}

/**
 * A member's connection as a hub sees it, for hub tests: records what the hub delivers
 * (as the client would decode it) and whether it was superseded or expired.
 */
export class RecordingLink implements MemberLink {
  /** Every delivery in order, barrier markers left out. */
  readonly received: ServerMessage[] = [];
  /** The frame text each relayed signal would go out as (SDP literal spliced in). */
  readonly frames: string[] = [];
  superseded = false;
  expired = false;
  /** Times the hub said the host admitted this (waiting) link. */
  admitted = 0;
  /** Why the hub ended this link's place, if it did. */
  ended: EndReason | null = null;
  #markers = new Set<string>();
  #cursor = 0;
  #waiters: (() => void)[] = [];

  send(message: Delivery): void {
    const decoded = toServerMessage(message);
    if (isBarrier(decoded)) {
      if (decoded.type === 'signal' && 'candidate' in decoded.data)
        this.#markers.add(decoded.data.candidate?.sdpMid ?? '');
    } else {
      this.received.push(decoded);
      if (message.type === 'relayed') this.frames.push(encodeForClient(message).toString());
    }
    this.#wake();
  }

  supersede(): void {
    this.superseded = true;
    this.#wake();
  }

  expire(): void {
    this.expired = true;
    this.#wake();
  }

  admit(): void {
    this.admitted += 1;
    this.#wake();
  }

  end(reason: EndReason): void {
    this.ended = reason;
    this.#wake();
  }

  all<T extends ServerMessage['type']>(type: T): ByType<T>[] {
    return this.received.filter((message): message is ByType<T> => message.type === type);
  }

  /** Skips messages until one of `type` arrives and returns it. */
  async nextOf<T extends ServerMessage['type']>(type: T): Promise<ByType<T>> {
    for (;;) {
      await this.until(() => this.#cursor < this.received.length, `a ${type} message`);
      const message = this.received[this.#cursor++];
      if (message?.type === type) return message as ByType<T>;
    }
  }

  /** Resolves once the barrier marker `n` arrived. */
  async marker(n: number): Promise<void> {
    await this.until(() => this.#markers.has(`barrier-${String(n)}`), `barrier ${String(n)}`);
  }

  /** Resolves once `condition` holds; re-checked on every delivery. */
  async until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
