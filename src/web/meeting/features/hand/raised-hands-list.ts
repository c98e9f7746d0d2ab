import { h } from '../../../ui/dom.js';

/** The queue of raised hands at the top of the participants list, first raised first. */
export class RaisedHandsList {
  readonly element: HTMLElement;
  readonly #list: HTMLOListElement;

  constructor() {
    this.#list = h('ol', { class: 'hands-list', label: 'hand.queue' });
    this.element = h(
      'section',
      { class: 'hands' },
      h('h3', { class: 'hands-title', t: 'hand.queue' }),
      this.#list,
    );
    this.element.hidden = true;
  }

  render(names: readonly string[]): void {
    this.element.hidden = names.length === 0;
    this.#list.replaceChildren(...names.map((name) => h('li', {}, name)));
  }
}
