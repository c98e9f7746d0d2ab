import { h } from '../ui/dom.js';
import { bestGrid } from './grid-layout.js';
import type { Tile } from './tile.js';

const GAP = 8;
/** Tiles are 16:9 on landscape screens; on a phone held upright, squares fill it better. */
const LANDSCAPE = 16 / 9;
const PORTRAIT = 1;

/**
 * The meeting's picture area. Camera tiles form a gallery laid out by `bestGrid`; while
 * someone shares a screen, the screen takes the stage and the gallery becomes a strip.
 */
export class VideoGrid {
  readonly element: HTMLDivElement;
  readonly #stage: HTMLDivElement;
  readonly #gallery: HTMLDivElement;
  readonly #observer: ResizeObserver;

  constructor() {
    this.#stage = h('div', { class: 'stage' });
    this.#gallery = h('div', { class: 'gallery' });
    this.element = h('div', { class: 'video-grid' }, this.#stage, this.#gallery);
    this.#observer = new ResizeObserver(() => {
      this.#layout();
    });
    this.#observer.observe(this.#gallery);
  }

  /** Adds a tile; our own camera goes first, screens to the stage. */
  add(tile: Tile, first = false): void {
    const area = tile.element.dataset['source'] === 'screen' ? this.#stage : this.#gallery;
    if (first) area.prepend(tile.element);
    else area.append(tile.element);
    this.#update();
  }

  remove(tile: Tile): void {
    tile.remove();
    this.#update();
  }

  dispose(): void {
    this.#observer.disconnect();
  }

  #update(): void {
    const presenting = this.#stage.childElementCount > 0;
    this.element.classList.toggle('presenting', presenting);
    this.#layout();
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
