/** What a meter needs of an `AudioContext` (a fake one in unit tests). */
export interface AudioContextLike {
  readonly state: AudioContextState;
  resume(): Promise<void>;
  suspend(): Promise<void>;
}

/**
 * One audio context for every level meter of a page. Creating one takes tens of milliseconds
 * (an audio thread, the output device), and the meeting's meter is created in the Join click's
 * task, while the pre-join page's is still open: sharing it keeps that cost out of the join.
 * Suspended, not closed, while no meter uses it, so an idle page does no audio work.
 */
export class SharedAudioContext<C extends AudioContextLike> {
  #context: C | null = null;
  #users = 0;

  constructor(private readonly create: () => C) {}

  /**
   * The context, running if the page may play sound yet. A page opened from a link has no
   * user gesture: its context stays suspended until `wake()` after one.
   */
  acquire(): C {
    this.#context ??= this.create();
    this.#users++;
    this.wake();
    return this.#context;
  }

  /** Resumes the context if a meter uses it (call on a user gesture). */
  wake(): void {
    if (this.#users > 0 && this.#context?.state === 'suspended') void this.#context.resume();
  }

  release(): void {
    if (this.#users === 0 || this.#context === null) return;
    this.#users--;
    if (this.#users === 0) void this.#context.suspend();
  }
}
