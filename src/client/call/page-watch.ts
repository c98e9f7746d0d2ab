import {
  browserNetworkSources,
  watchNetworkChanges,
  type NetworkEventSources,
} from '../network-watch.js';

export interface PageWatchOptions {
  readonly leaveOnPageHide?: boolean | undefined;
  readonly restartOnNetworkChange?: boolean | undefined;
  readonly networkSources?: NetworkEventSources | undefined;
}

/**
 * What the page tells a call: it is going away for good (`pagehide`, not into the
 * back-forward cache), or the network changed. Returns the function that stops watching.
 */
export function watchPage(
  options: PageWatchOptions,
  handlers: { leave(): void; networkChanged(): void },
): () => void {
  const onPageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted) handlers.leave();
  };
  const hasWindow = typeof addEventListener === 'function';
  if (options.leaveOnPageHide !== false && hasWindow) addEventListener('pagehide', onPageHide);
  const stopNetwork =
    options.restartOnNetworkChange === false
      ? () => undefined
      : watchNetworkChanges(() => {
          handlers.networkChanged();
        }, options.networkSources ?? browserNetworkSources());
  return () => {
    if (hasWindow) removeEventListener('pagehide', onPageHide);
    stopNetwork();
  };
}
