import type { TileView, VideoSource } from '../../client/index.js';

interface Observed {
  readonly peerId: string;
  readonly source: VideoSource;
  width: number;
  height: number;
  inViewport: boolean;
}

/**
 * How each remote tile is shown, for the call to pick what to receive (in SFU mode the
 * simulcast layer): its size (ResizeObserver), whether it is on screen (IntersectionObserver,
 * and the page not hidden), and whether it is in the spotlight (the active speaker).
 *
 * Nothing is reported before `shown()`: the meeting page is built, tiles and all, while the
 * pre-join page is still up, and a tile that is not in the document yet measures 0×0 and
 * off screen. Reported, that paused every feed at the join, and resuming them made the SFU
 * wait for a key frame from each sender before the first picture (issue 17).
 */
export class TileViews {
  readonly #observed = new Map<Element, Observed>();
  readonly #resize: ResizeObserver;
  readonly #intersection: IntersectionObserver;
  #spotlight: string | null = null;
  #shown = false;
  readonly #onVisibility = (): void => {
    for (const observed of this.#observed.values()) this.#report(observed);
  };

  constructor(private readonly report: (id: string, source: VideoSource, view: TileView) => void) {
    this.#resize = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const observed = this.#observed.get(entry.target);
        if (observed === undefined || !this.#shown) continue;
        observed.width = Math.round(entry.contentRect.width);
        observed.height = Math.round(entry.contentRect.height);
        this.#report(observed);
      }
    });
    this.#intersection = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const observed = this.#observed.get(entry.target);
        if (observed === undefined || !this.#shown) continue;
        observed.inViewport = entry.isIntersecting;
        this.#report(observed);
      }
    });
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  observe(element: Element, peerId: string, source: VideoSource): void {
    this.#observed.set(element, { peerId, source, width: 0, height: 0, inViewport: true });
    this.#resize.observe(element);
    this.#intersection.observe(element);
  }

  unobserve(element: Element): void {
    if (!this.#observed.delete(element)) return;
    this.#resize.unobserve(element);
    this.#intersection.unobserve(element);
  }

  /**
   * The page is in the document: observe every tile afresh, so that the first reports are
   * what the page shows now (an observer tells only of changes after its first notice).
   */
  shown(): void {
    if (this.#shown) return;
    this.#shown = true;
    for (const element of this.#observed.keys()) {
      this.#resize.unobserve(element);
      this.#intersection.unobserve(element);
      this.#resize.observe(element);
      this.#intersection.observe(element);
    }
  }

  /** The participant shown large (the active speaker); null: nobody. */
  setSpotlight(peerId: string | null): void {
    if (peerId === this.#spotlight) return;
    const previous = this.#spotlight;
    this.#spotlight = peerId;
    for (const observed of this.#observed.values())
      if (observed.peerId === previous || observed.peerId === peerId) this.#report(observed);
  }

  dispose(): void {
    this.#resize.disconnect();
    this.#intersection.disconnect();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#observed.clear();
  }

  #report(observed: Observed): void {
    if (!this.#shown) return;
    this.report(observed.peerId, observed.source, {
      width: observed.width,
      height: observed.height,
      visible: observed.inViewport && document.visibilityState !== 'hidden',
      spotlight: observed.peerId === this.#spotlight,
    });
  }
}
