/**
 * Liveness of one signaling socket: an app-level ping every `pingIntervalMs`; the socket
 * counts as dead after `deadAfterMs` without any frame from the server, or when a probe's
 * ping is not answered in time. One instance per socket; `stop()` when the socket goes.
 */
export class Keepalive {
  #lastHeardAt = Date.now();
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #probeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: { readonly pingIntervalMs: number; readonly deadAfterMs: number },
    private readonly ping: () => void,
    private readonly dead: () => void,
  ) {
    let lastTickAt = Date.now();
    this.#pingTimer = setInterval(() => {
      const now = Date.now();
      const late = now - lastTickAt - this.options.pingIntervalMs;
      lastTickAt = now;
      if (now - this.#lastHeardAt <= this.options.deadAfterMs) this.ping();
      // The page, not the server, was silent (a tab starved of CPU for seconds): the
      // server's frames may be queued behind this tick. Ask once before calling it dead.
      else if (late > this.options.pingIntervalMs / 2) this.probe(this.options.pingIntervalMs);
      else this.dead();
    }, this.options.pingIntervalMs);
  }

  /** Any frame from the server proves the socket alive. */
  heard(): void {
    this.#lastHeardAt = Date.now();
  }

  /** Pings now; without any frame back within `timeoutMs` the socket is dead. */
  probe(timeoutMs: number): void {
    if (this.#probeTimer !== null) return;
    const sentAt = Date.now();
    this.ping();
    this.#awaitAnswer(sentAt, timeoutMs, true);
  }

  /**
   * A page starved of CPU (many tabs on a small machine) runs its timers late, and the
   * answer may be queued behind them: a timer that fired much later than asked proves
   * nothing, so the verdict waits once more before the socket is called dead.
   */
  #awaitAnswer(sentAt: number, timeoutMs: number, mayWait: boolean): void {
    const armedAt = Date.now();
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = null;
      if (this.#lastHeardAt >= sentAt) return;
      const late = Date.now() - armedAt - timeoutMs;
      if (mayWait && late > timeoutMs / 2) this.#awaitAnswer(sentAt, timeoutMs, false);
      else this.dead();
    }, timeoutMs);
  }

  stop(): void {
    if (this.#pingTimer !== null) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
    if (this.#probeTimer !== null) clearTimeout(this.#probeTimer);
    this.#probeTimer = null;
  }
}
