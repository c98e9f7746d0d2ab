/** A listener for an event whose arguments are `Args`. */
export type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * A small typed emitter for the SFU modules. Unlike Node's EventEmitter, a listener that
 * throws cannot break emission or escape into the WebSocket frame handler (which would
 * crash the server): the error becomes a process warning and the other listeners still run.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  // Listeners of different events have different signatures; each is only ever called
  // with its own event's arguments.
  readonly #listeners = new Map<keyof Events, Set<unknown>>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    const wrapper: Listener<Events[K]> = (...args) => {
      this.off(event, wrapper);
      listener(...args);
    };
    return this.on(event, wrapper);
  }

  /** Resolves with the arguments of the next `event`. */
  next<K extends keyof Events>(event: K): Promise<Events[K]> {
    return new Promise((resolve) => {
      this.once(event, (...args) => {
        resolve(args);
      });
    });
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(...args);
      } catch (error) {
        process.emitWarning(error instanceof Error ? error : new Error(String(error)), {
          code: 'CONFAB_SFU_LISTENER',
        });
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
