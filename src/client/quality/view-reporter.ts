import type { ViewMessage } from '../app-messages.js';
import type { TileView } from '../call/call-types.js';

/** Changes smaller than this share of the tile height are not worth a message. */
const HEIGHT_TOLERANCE = 0.1;

/** The `view` message's fields, without the envelope. */
export type ViewReport = Omit<ViewMessage, 'type' | 'id'>;

/**
 * Tells each participant how we show its camera (mesh mode), so that its sender fits the
 * copy it sends us to the tile: size in device pixels, shown or not, spotlight, and our
 * data saver setting; and, while it shares a screen, whether that tile is shown. Changes
 * are gathered for `debounceMs` (resizes come in bursts) and sent only when they matter.
 */
export class ViewReporter {
  readonly #views = new Map<string, ViewReport>();
  /**
   * Whether each participant's screen share tile is shown. Kept when a share ends, as the
   * sender keeps what it was told: the next share starts from what both last agreed on.
   */
  readonly #screens = new Map<string, boolean>();
  readonly #sent = new Map<string, ViewReport>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #saver = false;

  constructor(
    private readonly debounceMs: number,
    private readonly send: (id: string, report: ViewReport) => void,
  ) {}

  /** How the app shows a participant's camera (TileView, CSS pixels) at `pixelRatio`. */
  set(id: string, view: TileView, pixelRatio: number): void {
    const ratio = Number.isFinite(pixelRatio) && pixelRatio > 0 ? pixelRatio : 1;
    this.#views.set(id, {
      width: Math.round(view.width * ratio),
      height: Math.round(view.height * ratio),
      visible: view.visible,
      spotlight: view.spotlight,
      saver: this.#saver,
    });
    this.#schedule(id);
  }

  /** Whether we show a participant's screen share (its tile on screen, the page visible). */
  setScreen(id: string, visible: boolean): void {
    this.#screens.set(id, visible);
    this.#schedule(id);
  }

  setSaver(on: boolean): void {
    if (this.#saver === on) return;
    this.#saver = on;
    for (const [id, view] of this.#views) {
      this.#views.set(id, { ...view, saver: on });
      this.#schedule(id);
    }
  }

  /** A fresh connection (a data channel opened): it knows nothing of our view yet. */
  resend(id: string): void {
    this.#sent.delete(id);
    this.#schedule(id);
  }

  forget(id: string): void {
    this.#views.delete(id);
    this.#screens.delete(id);
    this.#sent.delete(id);
    this.#cancel(id);
  }

  dispose(): void {
    for (const id of [...this.#timers.keys()]) this.#cancel(id);
  }

  #schedule(id: string): void {
    if (this.#timers.has(id)) return;
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        this.#flush(id);
      }, this.debounceMs),
    );
  }

  #flush(id: string): void {
    const camera = this.#views.get(id);
    // The camera tile is there as long as the participant is: the screen's rides with it.
    if (camera === undefined) return;
    const screen = this.#screens.get(id);
    const view = screen === undefined ? camera : { ...camera, screen: { visible: screen } };
    if (!differs(this.#sent.get(id), view)) return;
    this.#sent.set(id, view);
    this.send(id, view);
  }

  #cancel(id: string): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
  }
}

function differs(sent: ViewReport | undefined, next: ViewReport): boolean {
  if (sent === undefined) return true;
  if (sent.visible !== next.visible || sent.spotlight !== next.spotlight) return true;
  if (sent.saver !== next.saver) return true;
  if (sent.screen?.visible !== next.screen?.visible) return true;
  const base = Math.max(1, sent.height);
  return Math.abs(next.height - sent.height) / base > HEIGHT_TOLERANCE;
}
