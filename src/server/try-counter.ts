/** Keys kept at most; beyond it the oldest windows go (keys are rooms and client addresses). */
const MAX_KEYS = 10_000;

/** How many wrong passcodes a minute, per room and per client address, before tries are refused. */
export interface PasscodeLimits {
  readonly passcodeTriesPerIp: number;
  readonly passcodeTriesPerRoom: number;
}

export const PASSCODE_WINDOW_MS = 60_000;

/**
 * Counts events per key in fixed one-minute windows (what the Redis hub does with INCR and
 * PEXPIRE, lua-controls.ts), with bounded memory however many keys appear.
 */
export class TryCounter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  count(key: string): number {
    const window = this.#windows.get(key);
    if (window === undefined || this.now() - window.start >= PASSCODE_WINDOW_MS) return 0;
    return window.count;
  }

  add(key: string): void {
    const now = this.now();
    const window = this.#windows.get(key);
    if (window !== undefined && now - window.start < PASSCODE_WINDOW_MS) {
      window.count += 1;
      return;
    }
    this.#windows.delete(key);
    if (this.#windows.size >= MAX_KEYS) this.#forget(now);
    this.#windows.set(key, { start: now, count: 1 });
  }

  /** Windows are in insertion (start) order: expired ones first, then the oldest if still full. */
  #forget(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start < PASSCODE_WINDOW_MS && this.#windows.size < MAX_KEYS) break;
      this.#windows.delete(key);
    }
  }
}

/** Passcode tries as both hubs count them: `check` before a try, `wrong` after a wrong one. */
export class PasscodeTries {
  readonly #rooms: TryCounter;
  readonly #addresses: TryCounter;

  constructor(
    private readonly limits: PasscodeLimits,
    now: () => number = Date.now,
  ) {
    this.#rooms = new TryCounter(now);
    this.#addresses = new TryCounter(now);
  }

  take(room: string, addressKey: string, op: 'check' | 'wrong'): boolean {
    if (op === 'wrong') {
      this.#rooms.add(room);
      this.#addresses.add(addressKey);
      return true;
    }
    return (
      this.#rooms.count(room) < this.limits.passcodeTriesPerRoom &&
      this.#addresses.count(addressKey) < this.limits.passcodeTriesPerIp
    );
  }
}
