/** How long the server waits for Janus to deliver a chosen simulcast layer before asking again. */
export interface LayerWatchOptions {
  /** First wait after a layer is chosen or the delivered one changes (default 2 s). */
  readonly firstRetryMs: number;
  /** Asks again at most this often per choice, each wait twice the last (default 5: ~1 min). */
  readonly maxRetries: number;
}

/** A simulcast layer as Janus numbers it (its `substream`). */
export type Layer = 0 | 1 | 2;

export const DEFAULT_LAYER_WATCH: LayerWatchOptions = { firstRetryMs: 2_000, maxRetries: 5 };

export interface LayerWatchDeps {
  /** Ask Janus once more for `layer` on subscription `mid` (a configure: Janus sends a PLI). */
  readonly retry: (mid: string, layer: Layer) => void;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (timer: unknown) => void;
}

interface Watched {
  wanted: Layer;
  delivered: number | null;
  retries: number;
  timer: unknown;
}

/**
 * Janus switches a subscriber to another simulcast layer only on a keyframe of that layer,
 * and asks the publisher for one only when told to switch. When a loaded machine makes it
 * fall back (no packet of the current layer for 250 ms), it can land below the layer asked
 * for, and nothing asks for a keyframe again: the video stays small for good. This watches
 * Janus's `substream` events against the layer chosen, and asks again, less and less often.
 */
export class LayerWatch {
  readonly #options: LayerWatchOptions;
  readonly #deps: LayerWatchDeps;
  readonly #streams = new Map<string, Watched>();

  constructor(deps: LayerWatchDeps, options: Partial<LayerWatchOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_LAYER_WATCH, ...options };
  }

  /** A layer was asked of Janus for `mid` (null: paused, nothing to deliver). */
  requested(mid: string, layer: Layer | null): void {
    const known = this.#streams.get(mid);
    if (layer === null) {
      this.forget(mid);
      return;
    }
    const watched = known ?? { wanted: layer, delivered: null, retries: 0, timer: null };
    watched.wanted = layer;
    watched.retries = 0;
    this.#streams.set(mid, watched);
    this.#reschedule(mid, watched);
  }

  /** Janus reports the layer it now relays on `mid`. */
  delivered(mid: string, substream: number): void {
    const watched = this.#streams.get(mid);
    if (watched === undefined) return;
    if (watched.delivered !== substream) watched.retries = 0;
    watched.delivered = substream;
    this.#reschedule(mid, watched);
  }

  forget(mid: string): void {
    const watched = this.#streams.get(mid);
    if (watched === undefined) return;
    this.#deps.clearTimer(watched.timer);
    this.#streams.delete(mid);
  }

  /** Idempotent. */
  close(): void {
    for (const mid of [...this.#streams.keys()]) this.forget(mid);
  }

  #reschedule(mid: string, watched: Watched): void {
    this.#deps.clearTimer(watched.timer);
    watched.timer = null;
    if (watched.delivered === watched.wanted || watched.retries >= this.#options.maxRetries) return;
    const wait = this.#options.firstRetryMs * 2 ** watched.retries;
    watched.timer = this.#deps.setTimer(() => {
      watched.timer = null;
      if (this.#streams.get(mid) !== watched || watched.delivered === watched.wanted) return;
      watched.retries++;
      this.#deps.retry(mid, watched.wanted);
      this.#reschedule(mid, watched);
    }, wait);
  }
}
