/** What a join's first offers go to: a participant we offer to (mesh) or our SFU publish. */
export const SFU_PUBLISH = Symbol('sfu-publish');
export type OfferTarget = string | typeof SFU_PUBLISH;

/**
 * Tells once per join when its first offers went out: to each participant we offer to as the
 * newcomer (a mesh), or our publish offer (the SFU); at once when there is nobody to offer
 * to. Until then the page's own heavy work (drawing the meeting) would hold the offers back
 * on the main thread, so the web app waits for it (issue 17, faster joins).
 */
export class FirstOffers {
  #waiting: Set<OfferTarget> | null = null;
  /** Whether the join was announced (`joined`): only then may `done` be told. */
  #armed = false;

  constructor(private readonly done: () => void) {}

  /** A join went through: these get our first offer (before it is made, which may be soon). */
  expect(targets: Iterable<OfferTarget>): void {
    this.#waiting = new Set(targets);
    this.#armed = false;
  }

  /** The join was announced: `done` from now on, at once if every offer already went. */
  arm(): void {
    this.#armed = true;
    this.#check();
  }

  /** An offer went out (or will never be needed: the participant left). */
  settled(target: OfferTarget): void {
    if (this.#waiting?.delete(target) === true) this.#check();
  }

  #check(): void {
    if (!this.#armed || this.#waiting?.size !== 0) return;
    this.#waiting = null;
    this.done();
  }
}
