import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TileView, VideoSource } from '../../client/index.js';
import { TileViews } from './tile-views.js';

type Callback = (entries: object[]) => void;

/** An observer like the browser's: a notice for each element it starts observing. */
class FakeObserver {
  static all: FakeObserver[] = [];
  readonly watched = new Set<Element>();

  constructor(
    readonly kind: 'resize' | 'intersection',
    readonly callback: Callback,
  ) {
    FakeObserver.all.push(this);
  }

  observe(element: Element): void {
    this.watched.add(element);
  }

  unobserve(element: Element): void {
    this.watched.delete(element);
  }

  disconnect(): void {
    this.watched.clear();
  }

  /** The browser measured `element` (as a detached one, or as the page lays it out now). */
  notify(element: Element, box: { width: number; height: number }, inViewport: boolean): void {
    if (!this.watched.has(element)) return;
    this.callback([
      this.kind === 'resize'
        ? { target: element, contentRect: box }
        : { target: element, isIntersecting: inViewport },
    ]);
  }
}

const observers = () => FakeObserver.all;
const measure = (element: Element, box: { width: number; height: number }, inViewport: boolean) => {
  for (const observer of observers()) observer.notify(element, box, inViewport);
};

describe('TileViews', () => {
  beforeEach(() => {
    FakeObserver.all = [];
    vi.stubGlobal(
      'ResizeObserver',
      class extends FakeObserver {
        constructor(callback: Callback) {
          super('resize', callback);
        }
      },
    );
    vi.stubGlobal(
      'IntersectionObserver',
      class extends FakeObserver {
        constructor(callback: Callback) {
          super('intersection', callback);
        }
      },
    );
    vi.stubGlobal('document', {
      visibilityState: 'visible',
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function track() {
    const reports: { id: string; source: VideoSource; view: TileView }[] = [];
    const views = new TileViews((id, source, view) => reports.push({ id, source, view }));
    return { views, reports };
  }

  it('reports nothing of a tile built before its page is in the document', () => {
    const { views, reports } = track();
    const tile = {} as Element;
    views.observe(tile, 'ann', 'camera');
    // Built with the meeting page while the pre-join page is still up: 0×0, off screen.
    measure(tile, { width: 0, height: 0 }, false);
    expect(reports).toEqual([]);
  });

  it('once shown, reports each tile as the page lays it out', () => {
    const { views, reports } = track();
    const tile = {} as Element;
    views.observe(tile, 'ann', 'camera');
    measure(tile, { width: 0, height: 0 }, false);
    views.shown();
    measure(tile, { width: 413, height: 232 }, true);
    expect(reports.at(-1)).toEqual({
      id: 'ann',
      source: 'camera',
      view: { width: 413, height: 232, visible: true, spotlight: false },
    });
    expect(reports.some((r) => !r.view.visible)).toBe(false);
  });

  it('observes every tile afresh when shown, so one hidden from the start is reported hidden', () => {
    const { views, reports } = track();
    const tile = {} as Element;
    views.observe(tile, 'ann', 'camera');
    for (const observer of observers()) observer.unobserve(tile);
    views.shown();
    // Without a fresh observe the observers would stay silent: nothing changed for them.
    measure(tile, { width: 0, height: 0 }, false);
    expect(reports.at(-1)?.view.visible).toBe(false);
  });

  it('reports at once for a tile added after the page is shown', () => {
    const { views, reports } = track();
    views.shown();
    const tile = {} as Element;
    views.observe(tile, 'ben', 'screen');
    measure(tile, { width: 640, height: 360 }, true);
    expect(reports.at(-1)?.view).toEqual({
      width: 640,
      height: 360,
      visible: true,
      spotlight: false,
    });
  });
});
