import { encodedSignalBytes } from '../relay-encoding.js';
import { ResumeBuffer, type BufferedDelivery } from './resume-buffer.js';
import { signalMeta, type SignalMeta } from './signal-meta.js';

/** App messages are never superseded: each one is something a person sent. */
const APP_META: SignalMeta = { kind: 'other', generation: null };

/** A dropped member as the budget sees it: its room, its address bucket, its buffer. */
export interface BufferOwner {
  readonly room: { readonly id: string };
  readonly addressKey: string;
  readonly buffer: ResumeBuffer;
}

export interface BufferLimits {
  readonly resumeBufferMessages: number;
  readonly resumeBufferBytes: number;
  readonly resumeBufferBytesPerRoom: number;
  readonly resumeBufferBytesPerIp: number;
}

/** Owners holding buffered messages in one scope (a room, an address), and their bytes. */
class Scope<O> {
  readonly owners = new Set<O>();
  bytes = 0;
}

/**
 * The resume buffers of one in-memory hub: what each dropped member missed, bounded per
 * member (messages and bytes), per room and per client address (bytes). A newer offer
 * supersedes its sender's older ones; beyond a bound the oldest signals in that scope go.
 */
export class BufferBudget<O extends BufferOwner> {
  readonly #limits: BufferLimits;
  readonly #rooms = new Map<string, Scope<O>>();
  readonly #addresses = new Map<string, Scope<O>>();
  #seq = 0;
  #total = 0;

  constructor(limits: BufferLimits) {
    this.#limits = limits;
  }

  /** Bytes buffered over every member. */
  get totalBytes(): number {
    return this.#total;
  }

  buffer(owner: O, message: BufferedDelivery): void {
    const relayed = message.type === 'relayed';
    const bytes = relayed
      ? encodedSignalBytes(message.from, message.payload)
      : Buffer.byteLength(JSON.stringify(message));
    const meta = relayed ? signalMeta(message.payload.data) : APP_META;
    const dropped = owner.buffer.add({ seq: ++this.#seq, meta, bytes, message });
    this.#account(owner, bytes - dropped);
    const limits = this.#limits;
    while (
      owner.buffer.length > limits.resumeBufferMessages ||
      owner.buffer.bytes > limits.resumeBufferBytes
    ) {
      this.#account(owner, -owner.buffer.shift());
    }
    this.#evictOver(this.#rooms.get(owner.room.id), limits.resumeBufferBytesPerRoom);
    this.#evictOver(this.#addresses.get(owner.addressKey), limits.resumeBufferBytesPerIp);
  }

  /** The owner's signals in order (it resumed); its accounting ends. */
  release(owner: O): BufferedDelivery[] {
    this.#account(owner, -owner.buffer.bytes);
    return owner.buffer.take();
  }

  #evictOver(scope: Scope<O> | undefined, limit: number): void {
    while (scope !== undefined && scope.bytes > limit) {
      const oldest = this.#oldestIn(scope);
      if (oldest === undefined) return;
      this.#account(oldest, -oldest.buffer.shift());
    }
  }

  #oldestIn(scope: Scope<O>): O | undefined {
    let found: O | undefined;
    let seq = Infinity;
    for (const owner of scope.owners) {
      const head = owner.buffer.oldest()?.seq ?? Infinity;
      if (head < seq) [found, seq] = [owner, head];
    }
    return found;
  }

  #account(owner: O, delta: number): void {
    this.#total += delta;
    for (const [scopes, key] of [
      [this.#rooms, owner.room.id],
      [this.#addresses, owner.addressKey],
    ] as const) {
      let scope = scopes.get(key);
      if (scope === undefined) {
        scope = new Scope<O>();
        scopes.set(key, scope);
      }
      scope.bytes += delta;
      if (owner.buffer.length > 0) scope.owners.add(owner);
      else scope.owners.delete(owner);
      if (scope.owners.size === 0) scopes.delete(key);
    }
  }
}
