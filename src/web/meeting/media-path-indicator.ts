import type { RoomPath } from '../../client/index.js';
import { h } from '../ui/dom.js';
import { localize } from '../ui/localize.js';

const TEXT = { mesh: 'path.mesh', sfu: 'path.sfu' } as const;

/**
 * Which way media travels, in plain words: peer to peer and encrypted end to end, or
 * through this server's media relay.
 */
export class MediaPathIndicator {
  readonly element = h('p', { class: 'media-path', label: 'path.label' });
  readonly #text = h('span');

  constructor(path: RoomPath) {
    this.element.append(
      h('span', { class: 'media-path-dot', attrs: { 'aria-hidden': 'true' } }),
      this.#text,
    );
    this.set(path);
  }

  set(path: RoomPath): void {
    this.element.dataset['path'] = path;
    localize(this.#text, TEXT[path]);
  }
}
