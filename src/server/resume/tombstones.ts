import type { EndedSlot } from '../room-controls.js';

/**
 * Resume tokens of slots that were ended on purpose (removed, meeting ended), kept for the
 * resume grace: a client that comes back with one is told why instead of `resume-failed`
 * (after which it would join afresh). The token resumes nothing either way.
 */
export class Tombstones {
  readonly #ended = new Map<string, { reason: EndedSlot; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly keepMs: number) {}

  add(token: string, reason: EndedSlot): void {
    if (this.keepMs === 0) return;
    const timer = setTimeout(() => {
      this.#ended.delete(token);
    }, this.keepMs);
    timer.unref();
    this.#ended.set(token, { reason, timer });
  }

  reasonFor(token: string): EndedSlot | null {
    return this.#ended.get(token)?.reason ?? null;
  }

  clear(): void {
    for (const { timer } of this.#ended.values()) clearTimeout(timer);
    this.#ended.clear();
  }
}
