import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  NETWORK_SETTLE_MS,
  watchNetworkChanges,
  type NetworkEventSources,
} from './network-watch.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function fakeSources(): NetworkEventSources & {
  online: boolean;
  window: EventTarget;
  connection: EventTarget;
} {
  const sources = {
    online: true,
    window: new EventTarget(),
    connection: new EventTarget(),
    isOnline: () => sources.online,
  };
  return sources;
}

describe('watchNetworkChanges', () => {
  it('turns the burst Chromium fires when a laptop changes networks into one call', async () => {
    const sources = fakeSources();
    const onChange = vi.fn();
    watchNetworkChanges(onChange, sources);
    // As seen in the NAT lab: offline, change, change, online, change, change within 60 ms.
    sources.connection.dispatchEvent(new Event('change'));
    sources.connection.dispatchEvent(new Event('change'));
    sources.window.dispatchEvent(new Event('online'));
    sources.connection.dispatchEvent(new Event('change'));
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS - 1);
    expect(onChange).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('waits while the browser is offline, and stops when asked', async () => {
    const sources = fakeSources();
    const onChange = vi.fn();
    const stop = watchNetworkChanges(onChange, sources);
    sources.online = false;
    sources.connection.dispatchEvent(new Event('change'));
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS);
    expect(onChange).not.toHaveBeenCalled();

    sources.online = true;
    sources.window.dispatchEvent(new Event('online'));
    stop();
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS);
    sources.window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS);
    expect(onChange).not.toHaveBeenCalled();
  });
});
