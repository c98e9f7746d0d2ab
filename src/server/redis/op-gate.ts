/** Why an operation never reached Redis. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';

  constructor(readonly code: 'unavailable' | 'queue-full' | 'closed') {
    super(`redis ${code}`);
  }
}

interface Queued {
  readonly at: number;
  readonly start: () => void;
  readonly fail: (error: RedisUnavailableError) => void;
}

/**
 * Orders this node's state changes (relays, detaches, leaves) while Redis is briefly away:
 * they wait in arrival order, bounded in number and age, and go out in that order when the
 * connection is back and resynchronised. Operations started while open go out at once, so
 * the order in which they were called is the order Redis runs them.
 */
export class OpGate {
  #open = false;
  #shut = false;
  readonly #queue: Queued[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly maxQueued: number,
    private readonly maxAgeMs: number,
  ) {}

  run<T>(op: () => Promise<T>): Promise<T> {
    if (this.#shut) return Promise.reject(new RedisUnavailableError('closed'));
    if (this.#open) return this.#track(op());
    if (this.#queue.length >= this.maxQueued)
      return Promise.reject(new RedisUnavailableError('queue-full'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        at: performance.now(),
        start: () => {
          this.#track(op()).then(resolve, reject);
        },
        fail: reject,
      });
    });
  }

  /** Redis is back and resynchronised: send what waited (in order), then pass through. */
  open(): void {
    if (this.#shut) return;
    this.#open = true;
    const now = performance.now();
    for (const queued of this.#queue.splice(0)) {
      if (now - queued.at > this.maxAgeMs) queued.fail(new RedisUnavailableError('unavailable'));
      else queued.start();
    }
  }

  /** Redis went away: operations wait from now on. */
  hold(): void {
    this.#open = false;
  }

  /** For good: refuses queued and future operations; resolves once in-flight ones settled. */
  async shut(timeoutMs: number): Promise<void> {
    this.#shut = true;
    this.#open = false;
    for (const queued of this.#queue.splice(0)) queued.fail(new RedisUnavailableError('closed'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const forget = (): void => {
      this.#inFlight.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}
