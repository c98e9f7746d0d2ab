/** Timing of automatic ICE recovery; every field has a documented default. */
export interface IceRecoveryOptions {
  /** On `disconnected`, wait this long before restarting: short outages heal by themselves (3 s). */
  readonly disconnectedGraceMs: number;
  /** The polite side waits this much longer, so usually only one side restarts (2 s). */
  readonly politeDelayMs: number;
  /** A restart that has not reconnected after this long counts as failed (10 s). */
  readonly restartTimeoutMs: number;
  /** After this many failed restarts the connection is rebuilt from scratch (3). */
  readonly maxRestarts: number;
}

export const DEFAULT_ICE_RECOVERY: IceRecoveryOptions = {
  disconnectedGraceMs: 3000,
  politeDelayMs: 2000,
  restartTimeoutMs: 10_000,
  maxRestarts: 3,
};

export interface IceRecoveryActions {
  /** Refresh ICE servers and call `restartIce()`; resolves once the restart offer is under way. */
  restart(attempt: number): Promise<void>;
  /** Restarts did not help: the connection must be rebuilt. */
  giveUp(): void;
}

/**
 * When to restart ICE. `disconnected` → restart after a grace period; `failed` → restart at
 * once; one restart in flight; a restart that does not reconnect in time is retried until
 * `maxRestarts`, then the connection is given up. Pure timer logic, tested with fake timers.
 */
export class IceRecovery {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight = false;
  #attempts = 0;
  #healthy = true;
  #stopped = false;

  constructor(
    private readonly polite: boolean,
    private readonly options: IceRecoveryOptions,
    private readonly actions: IceRecoveryActions,
  ) {}

  /** Whether a restart is pending or running (the UI shows "reconnecting"). */
  get recovering(): boolean {
    return !this.#healthy;
  }

  get attempts(): number {
    return this.#attempts;
  }

  onIceState(state: RTCIceConnectionState): void {
    if (this.#stopped) return;
    switch (state) {
      case 'connected':
      case 'completed':
        this.#healthy = true;
        this.#inFlight = false;
        this.#attempts = 0;
        this.#clearTimer();
        return;
      case 'disconnected':
        this.#healthy = false;
        if (!this.#inFlight) this.#schedule(this.options.disconnectedGraceMs);
        return;
      case 'failed':
        this.#healthy = false;
        if (!this.#inFlight) this.#schedule(0);
        return;
      case 'new':
      case 'checking':
      case 'closed':
        return;
    }
  }

  /**
   * A negotiation settled (signaling is `stable`). A restart over a path that still works
   * keeps ICE `connected` and fires no state change, in Chromium and Firefox alike: once its
   * offer is answered while connected, the restart is over and the next one may start.
   */
  onNegotiated(state: RTCIceConnectionState): void {
    if (state === 'connected' || state === 'completed') this.onIceState(state);
  }

  /** The other side started a restart: ours would only collide with it. */
  onRemoteRestart(): void {
    if (this.#stopped || this.#inFlight) return;
    this.#clearTimer();
    this.#watchRestart();
  }

  /**
   * Forces a restart now (e.g. the network changed), whatever the ICE state; it does not
   * count against `maxRestarts`.
   */
  restartNow(): void {
    if (this.#stopped || this.#inFlight) return;
    this.#clearTimer();
    this.#watchRestart();
    void this.actions.restart(this.#attempts);
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
  }

  #schedule(baseDelayMs: number): void {
    if (this.#timer !== null) return;
    const delay = baseDelayMs + (this.polite ? this.options.politeDelayMs : 0);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#start();
    }, delay);
  }

  #start(): void {
    if (this.#stopped || this.#healthy) return;
    if (this.#attempts >= this.options.maxRestarts) {
      this.#stopped = true;
      this.actions.giveUp();
      return;
    }
    this.#attempts += 1;
    this.#watchRestart();
    void this.actions.restart(this.#attempts);
  }

  /** A restart is under way: it counts as failed if it has not reconnected in time. */
  #watchRestart(): void {
    this.#inFlight = true;
    this.#timer = setTimeout(() => {
      this.#onRestartTimeout();
    }, this.options.restartTimeoutMs);
  }

  #onRestartTimeout(): void {
    this.#timer = null;
    this.#inFlight = false;
    if (!this.#healthy) this.#start();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
