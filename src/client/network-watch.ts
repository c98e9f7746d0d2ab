/** Where the browser announces network changes: `window` and `navigator.connection`. */
export interface NetworkEventSources {
  readonly window: EventTarget | null;
  readonly connection: EventTarget | null;
  /** `navigator.onLine`: false while the browser has no network at all. */
  isOnline(): boolean;
}

/** How long a burst of change events (offline, change, online, change) is gathered into one. */
export const NETWORK_SETTLE_MS = 250;

/** The page's own sources; null ones where the API is missing (Node, older browsers). */
export function browserNetworkSources(): NetworkEventSources {
  const nav = typeof navigator === 'object' ? (navigator as { connection?: EventTarget }) : null;
  return {
    window: typeof window === 'object' ? window : null,
    connection: nav?.connection ?? null,
    isOnline: () => typeof navigator !== 'object' || navigator.onLine,
  };
}

/**
 * Calls `onChange` once the network the browser uses has changed and it is online again
 * (a laptop moved to another Wi-Fi, a phone went from Wi-Fi to 4G). Connections on the old
 * address die silently and ICE notices only after seconds of silence; this lets the caller
 * check signaling and restart ICE at once. Returns the function that stops watching.
 */
export function watchNetworkChanges(
  onChange: () => void,
  sources: NetworkEventSources = browserNetworkSources(),
  settleMs = NETWORK_SETTLE_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const changed = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (sources.isOnline()) onChange();
    }, settleMs);
  };
  sources.window?.addEventListener('online', changed);
  sources.connection?.addEventListener('change', changed);
  return () => {
    if (timer !== null) clearTimeout(timer);
    sources.window?.removeEventListener('online', changed);
    sources.connection?.removeEventListener('change', changed);
  };
}
