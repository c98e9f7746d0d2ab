import type { Page } from './page.js';

/** Where the shown page goes: the app's root element and the document's title. */
export interface PageHost {
  show(element: HTMLElement, title: string): void;
}

/**
 * One page at a time. A page with `ready` is shown once that settles, the current page
 * staying up meanwhile; a page replaced before it was ever shown (the meeting ended before it
 * was drawn) is disposed all the same.
 */
export class PageShell {
  #current: Page | null = null;
  /** Given to `show`, waiting for its `ready`. */
  #pending: Page | null = null;

  constructor(private readonly host: PageHost) {}

  get current(): Page | null {
    return this.#current;
  }

  show(page: Page): void {
    const pending = this.#pending;
    if (pending !== null && pending !== page) pending.dispose();
    this.#pending = page;
    if (page.ready === undefined) this.#swapTo(page);
    else
      void page.ready.then(() => {
        if (this.#pending === page) this.#swapTo(page);
      });
  }

  #swapTo(page: Page): void {
    this.#pending = null;
    this.#current?.dispose();
    this.#current = page;
    this.host.show(page.element, page.title());
    page.shown?.();
  }
}
