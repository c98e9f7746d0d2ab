/**
 * Raised hands in one order for everyone. Each hand message carries a Lamport time
 * (`seq`): one more than the greatest this participant has seen. A raise is placed by
 * its `seq`, ties broken by participant id, so every participant who has the same raises
 * shows the same queue, whatever order the messages arrived in and however far apart
 * the devices' clocks are; a raise made after seeing another always comes after it.
 * Per participant, a message older (smaller `seq`) than the last one applied is stale.
 */
export class HandQueue {
  #clock = 0;
  /** Raised hands: participant → `seq` of the raise. */
  readonly #raised = new Map<string, number>();
  /** Last `seq` applied per participant (raise or lower). */
  readonly #last = new Map<string, number>();

  /** The `seq` for a new message of ours. */
  tick(): number {
    this.#clock += 1;
    return this.#clock;
  }

  /** Applies a raise or lower; false when stale or nothing changed. */
  apply(id: string, raised: boolean, seq: number): boolean {
    this.#clock = Math.max(this.#clock, seq);
    if (seq <= (this.#last.get(id) ?? 0)) return false;
    this.#last.set(id, seq);
    const was = this.#raised.has(id);
    if (raised) this.#raised.set(id, seq);
    else this.#raised.delete(id);
    return was !== raised || raised;
  }

  /** The `seq` of the participant's raise, or null when the hand is down. */
  raisedAt(id: string): number | null {
    return this.#raised.get(id) ?? null;
  }

  /** The participant left: their hand goes (a rejoin starts afresh). */
  forget(id: string): boolean {
    this.#last.delete(id);
    return this.#raised.delete(id);
  }

  /** Who has a hand up, first raised first. */
  get order(): string[] {
    return [...this.#raised]
      .sort(([a, seqA], [b, seqB]) => seqA - seqB || (a < b ? -1 : a > b ? 1 : 0))
      .map(([id]) => id);
  }

  /** 1-based place in the queue, or null. */
  position(id: string): number | null {
    const index = this.order.indexOf(id);
    return index < 0 ? null : index + 1;
  }
}
