import { MAX_SFU_CHOICES, type SimulcastLayer, type VideoSource } from '../../protocol/index.js';
import type { TileView } from './call-types.js';

/** Tiles shorter than this get the lowest layer, shorter than `MEDIUM_MAX_HEIGHT` the middle. */
export const SMALL_MAX_HEIGHT = 200;
export const MEDIUM_MAX_HEIGHT = 400;

export interface LayerChoice {
  readonly peer: string;
  readonly source: VideoSource;
  readonly layer: SimulcastLayer;
}

/**
 * The simulcast layer a tile needs: none when it is not shown, the highest for screens
 * (text), else by the height the camera is drawn at. Not by the spotlight: in the grid the
 * active speaker's tile is no larger, and it changes every second or so; each change of
 * layer makes Janus wait for (and ask the sender for) a key frame of the new one.
 */
export function layerFor(source: VideoSource, view: TileView): SimulcastLayer {
  if (!view.visible) return null;
  if (source === 'screen') return 2;
  if (view.height < SMALL_MAX_HEIGHT) return 0;
  return view.height < MEDIUM_MAX_HEIGHT ? 1 : 2;
}

/**
 * How the app shows each participant's video, and in SFU mode the `sfu-layers` choices
 * that follow from it: changes are gathered for `debounceMs` (a resize fires many) and
 * only choices that differ from what the server last got are sent, for feeds it has.
 */
export class ViewLayers {
  readonly #views = new Map<string, { peer: string; source: VideoSource; view: TileView }>();
  readonly #sent = new Map<string, SimulcastLayer>();
  #feeds: ReadonlySet<string> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #saver = false;

  constructor(
    private readonly debounceMs: number,
    private readonly send: (choices: LayerChoice[]) => void,
  ) {}

  set(peer: string, source: VideoSource, view: TileView): void {
    this.#views.set(key(peer, source), { peer, source, view });
    this.#schedule();
  }

  /** Data saver: the lowest layer for every feed shown. */
  setSaver(on: boolean): void {
    if (this.#saver === on) return;
    this.#saver = on;
    this.#schedule();
  }

  view(peer: string, source: VideoSource): TileView | undefined {
    return this.#views.get(key(peer, source))?.view;
  }

  forget(peer: string): void {
    for (const source of ['camera', 'screen'] as const) {
      this.#views.delete(key(peer, source));
      this.#sent.delete(key(peer, source));
    }
  }

  /**
   * The feeds the SFU sends us (after each subscriber offer); null outside SFU mode, where
   * views are only kept. A new SFU session (`fresh`) knows none of our earlier choices.
   */
  setFeeds(feeds: readonly { peer: string; source: VideoSource }[] | null, fresh = false): void {
    this.#feeds = feeds === null ? null : new Set(feeds.map((f) => key(f.peer, f.source)));
    if (fresh || feeds === null) this.#sent.clear();
    if (feeds === null) this.#cancel();
    else if (this.#changes().length > 0) this.#schedule();
  }

  dispose(): void {
    this.#cancel();
  }

  #schedule(): void {
    if (this.#timer !== null || this.#feeds === null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, this.debounceMs);
  }

  #flush(): void {
    const choices = this.#changes();
    for (const { peer, source, layer } of choices) this.#sent.set(key(peer, source), layer);
    for (let i = 0; i < choices.length; i += MAX_SFU_CHOICES)
      this.send(choices.slice(i, i + MAX_SFU_CHOICES));
  }

  /** Choices for feeds we receive that differ from what the server last got. */
  #changes(): LayerChoice[] {
    const feeds = this.#feeds;
    if (feeds === null) return [];
    const choices: LayerChoice[] = [];
    for (const [k, { peer, source, view }] of this.#views) {
      if (!feeds.has(k)) continue;
      const layer = this.#saver && view.visible ? 0 : layerFor(source, view);
      if (!this.#sent.has(k) || this.#sent.get(k) !== layer) choices.push({ peer, source, layer });
    }
    return choices;
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function key(peer: string, source: VideoSource): string {
  return `${peer}\u0000${source}`;
}
