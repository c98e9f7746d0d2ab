import { TypedEmitter } from '../../client/emitter.js';
import { h } from '../ui/dom.js';
import { bestGrid } from './grid-layout.js';
import type { Tile } from './tile.js';

const GAP = 8;
/** Tiles are 16:9 on landscape screens; on a phone held upright, squares fill it better. */
const LANDSCAPE = 16 / 9;
const PORTRAIT = 1;

export interface VideoGridEvents {
  'tile-added': [Tile];
  'tile-removed': [Tile];
}

/** Which tiles take the stage (shown large); the others form the gallery. */
export type StagePolicy = (tiles: readonly Tile[]) => readonly Tile[];

/** Without a layout feature: screens take the stage while someone shares. */
export const SCREENS_ON_STAGE: StagePolicy = (tiles) => tiles.filter((t) => t.source === 'screen');

/**
 * The meeting's picture area: every tile, in the order they came (ours first). Camera
 * tiles form a gallery laid out by `bestGrid`; the tiles the stage policy picks take the
 * stage and the gallery becomes a strip beside (or, on a phone, below) it.
 */
export class VideoGrid extends TypedEmitter<VideoGridEvents> {
  readonly element: HTMLDivElement;
  readonly #stage: HTMLDivElement;
  readonly #gallery: HTMLDivElement;
  readonly #observer: ResizeObserver;
  readonly #tiles: Tile[] = [];
  #policy: StagePolicy = SCREENS_ON_STAGE;

  constructor() {
    super();
    this.#stage = h('div', { class: 'stage' });
    this.#gallery = h('div', { class: 'gallery' });
    this.element = h('div', { class: 'video-grid' }, this.#stage, this.#gallery);
    this.#observer = new ResizeObserver(() => {
      this.#layout();
    });
    this.#observer.observe(this.#gallery);
  }

  /** Every tile now, ours first. */
  get tiles(): readonly Tile[] {
    return this.#tiles;
  }

  /** The camera tile of a participant (or `self`). */
  camera(owner: string): Tile | undefined {
    return this.#tiles.find((tile) => tile.owner === owner && tile.source === 'camera');
  }

  /** The tiles on the stage now. */
  get staged(): readonly Tile[] {
    return this.#tiles.filter((tile) => tile.element.parentElement === this.#stage);
  }

  /** Adds a tile; `first` puts it before the others (our own camera). */
  add(tile: Tile, first = false): void {
    if (first) this.#tiles.unshift(tile);
    else this.#tiles.push(tile);
    this.arrange();
    this.emit('tile-added', tile);
  }

  remove(tile: Tile): void {
    const index = this.#tiles.indexOf(tile);
    if (index >= 0) this.#tiles.splice(index, 1);
    tile.remove();
    this.arrange();
    this.emit('tile-removed', tile);
  }

  setStagePolicy(policy: StagePolicy): void {
    this.#policy = policy;
    this.arrange();
  }

  /** Puts each tile where the policy says (call after what it reads changed). */
  arrange(): void {
    const staged = new Set(this.#policy(this.#tiles));
    const movedOnStage = place(
      this.#stage,
      this.#tiles.filter((tile) => staged.has(tile)),
    );
    const movedInGallery = place(
      this.#gallery,
      this.#tiles.filter((tile) => !staged.has(tile)),
    );
    this.element.classList.toggle('presenting', staged.size > 0);
    // Reading the gallery's size forces a layout: only when a tile moved (a new active
    // speaker, every second or so, mostly moves nothing). Resizes come from the observer.
    if (movedOnStage || movedInGallery) this.#layout();
  }

  dispose(): void {
    this.#observer.disconnect();
  }

  #layout(): void {
    const count = this.#gallery.childElementCount;
    const { clientWidth: width, clientHeight: height } = this.#gallery;
    const portrait = height > width * 1.2;
    const grid = bestGrid(count, width, height, portrait ? PORTRAIT : LANDSCAPE, GAP, portrait);
    const style = this.#gallery.style;
    style.setProperty('--tile-width', `${String(grid.tileWidth)}px`);
    style.setProperty('--tile-height', `${String(grid.tileHeight)}px`);
  }
}

/** Makes `area` hold exactly `tiles` in order, moving only when something changed (true). */
function place(area: HTMLElement, tiles: readonly Tile[]): boolean {
  const current = [...area.children];
  const same =
    current.length === tiles.length && tiles.every((tile, i) => current[i] === tile.element);
  // Moving a playing <video> within the document does not pause it.
  if (!same) area.replaceChildren(...tiles.map((tile) => tile.element));
  return !same;
}
