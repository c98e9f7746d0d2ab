/** The first start-over waits this long (a `room-mode` that follows a failure wins). */
export const SFU_RESTART_FIRST_MS = 2000;
/** Later ones wait twice as long each time, up to this. */
export const SFU_RESTART_MAX_MS = 16_000;
/** Start-overs in one epoch without the connections coming up; then it stays failed. */
export const SFU_RESTART_LIMIT = 5;
/**
 * Each wait is longer by up to this share, at random: when the media server (or the
 * machine) stalls, every member's connections break at once, and ten start-overs in the
 * same instant (each re-publishing and re-subscribing to everyone) make the next stall.
 */
export const SFU_RESTART_JITTER = 0.5;

export interface SfuRestartHost {
  /** Whether the SFU transport belongs to the room's current SFU epoch (else nothing to do). */
  current(): boolean;
  /** Starts the SFU transport over: `sfu-leave`, close both connections, publish again. */
  restart(): void;
}

/**
 * When to start the SFU transport over within its epoch, as the server's contract says
 * (docs/protocol.md, SFU mode): after an `sfu-failed` or when one of its connections failed
 * (the subscriber, answerer of Janus's offers, cannot restart ICE by itself). Waits first,
 * because a media server that was lost is followed by a `room-mode` that replaces the
 * transport anyway; backs off, and gives up after a few attempts that did not connect.
 */
export class SfuRestarts {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempts = 0;

  constructor(
    private readonly host: SfuRestartHost,
    private readonly random: () => number = Math.random,
  ) {}

  /** Something failed: start over soon (once; later requests join the pending one). */
  request(): void {
    if (this.#timer !== null || this.#attempts >= SFU_RESTART_LIMIT || !this.host.current()) return;
    const base = Math.min(SFU_RESTART_MAX_MS, SFU_RESTART_FIRST_MS * 2 ** this.#attempts);
    const delay = base * (1 + SFU_RESTART_JITTER * this.random());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.host.current()) return;
      this.#attempts++;
      this.host.restart();
    }, delay);
  }

  /** Both connections are up: the next failure starts the count again. */
  succeeded(): void {
    this.#attempts = 0;
  }

  /** A new mode (another epoch or the mesh): nothing pending applies to it. */
  reset(): void {
    this.cancel();
    this.#attempts = 0;
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
