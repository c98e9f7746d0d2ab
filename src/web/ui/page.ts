/** One screen of the app (home, pre-join, meeting, end). The shell shows one at a time. */
export interface Page {
  readonly element: HTMLElement;
  /** The document title (read again when the language changes). */
  title(): string;
  /** Called once when another page replaces this one: stop media, timers, connections. */
  dispose(): void;
  /**
   * Settles when the page is worth drawing; the page before it stays up until then. (The
   * meeting waits for the join's negotiation: drawing it first would hold it back.)
   */
  readonly ready?: Promise<void>;
  /** Called once the page is in the document (what it measures of itself is real now). */
  shown?(): void;
}

/** What pages may ask of the shell. */
export interface Shell {
  /** Goes to a path of the app (history entry) and shows its page. */
  navigate(path: string): void;
  /** Replaces the current page without changing the URL (pre-join → meeting → end), once it is `ready`. */
  show(page: Page): void;
}
