import type { Knock } from '../../../../client/index.js';
import { h } from '../../../ui/dom.js';

/** Who waits in the lobby, at the top of the host's participants list: Admit / Deny each. */
export class LobbyList {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;

  constructor(private readonly decide: (id: string, admit: boolean) => void) {
    this.#list = h('ul', { class: 'lobby-list', label: 'lobby.listTitle' });
    this.element = h(
      'section',
      { class: 'lobby' },
      h('h3', { class: 'lobby-title', t: 'lobby.listTitle' }),
      this.#list,
    );
    this.element.hidden = true;
  }

  render(waiting: readonly Knock[]): void {
    this.element.hidden = waiting.length === 0;
    this.#list.replaceChildren(...waiting.map((knock) => this.#row(knock)));
  }

  #row(knock: Knock): HTMLLIElement {
    const button = (key: 'lobby.admit' | 'lobby.deny', admit: boolean) => {
      const element = h('button', {
        class: admit ? 'button primary small' : 'button small',
        attrs: { type: 'button' },
        t: key,
      });
      element.addEventListener('click', () => {
        element.disabled = true;
        this.decide(knock.id, admit);
      });
      return element;
    };
    const row = h(
      'li',
      { class: 'lobby-person' },
      h('span', { class: 'person-name' }, knock.name),
      button('lobby.admit', true),
      button('lobby.deny', false),
    );
    row.dataset['waitingId'] = knock.id;
    return row;
  }
}
