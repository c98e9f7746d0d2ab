import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { layerFor, ViewLayers, type LayerChoice } from './view-layers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const view = { width: 320, height: 180, visible: true, spotlight: false };

describe('layerFor', () => {
  it('hidden: none; screen: the top; a camera by the height drawn, spotlight or not', () => {
    expect(layerFor('camera', { ...view, visible: false })).toBeNull();
    expect(layerFor('screen', { ...view, visible: false })).toBeNull();
    expect(layerFor('camera', { ...view, spotlight: true, height: 90 })).toBe(0);
    expect(layerFor('camera', { ...view, spotlight: true, height: 720 })).toBe(2);
    expect(layerFor('screen', { ...view, height: 90 })).toBe(2);
    expect(layerFor('camera', { ...view, height: 199 })).toBe(0);
    expect(layerFor('camera', { ...view, height: 200 })).toBe(1);
    expect(layerFor('camera', { ...view, height: 399 })).toBe(1);
    expect(layerFor('camera', { ...view, height: 400 })).toBe(2);
  });
});

describe('ViewLayers', () => {
  it('sends at most 100 choices per message, and everything again for a fresh session', () => {
    const sent: LayerChoice[][] = [];
    const layers = new ViewLayers(300, (choices) => sent.push(choices));
    const feeds = Array.from({ length: 150 }, (_, i) => ({
      peer: `p${String(i)}`,
      source: 'camera' as const,
    }));
    for (const { peer } of feeds) layers.set(peer, 'camera', view);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    layers.setFeeds(feeds);
    vi.advanceTimersByTime(300);
    expect(sent.map((choices) => choices.length)).toEqual([100, 50]);
    layers.setFeeds(feeds);
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(2);
    layers.setFeeds(feeds, true);
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(4);
    layers.setFeeds(null);
    layers.set('p1', 'camera', { ...view, visible: false });
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(4);
    layers.dispose();
  });
});
