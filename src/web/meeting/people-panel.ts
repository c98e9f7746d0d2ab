import type { ConnectionState } from '../../client/index.js';
import type { MessageKey } from '../i18n/i18n.js';
import { avatarHue, initials } from '../ui/avatar.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { localize } from '../ui/localize.js';
import { panel } from './panel.js';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly self: boolean;
  /** Our connection to them (null for ourselves). */
  readonly state: ConnectionState | null;
  readonly microphoneOn: boolean;
  /** The connection summary, e.g. `host · udp · 2 ms · 1.2 Mb/s`. */
  readonly detail: string;
}

export const STATE_LABEL: Readonly<Record<ConnectionState, MessageKey>> = {
  connecting: 'state.connecting',
  connected: 'state.connected',
  reconnecting: 'state.reconnecting',
  failed: 'state.failed',
  closed: 'state.closed',
  unsupported: 'state.unsupported',
};

/** Everyone in the meeting, with the state of our connection to each. */
export class PeoplePanel {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #setTitle: (key: MessageKey, params: { count: number }) => void;

  constructor(onClose: () => void) {
    const { element, body, setTitle } = panel('people', onClose);
    this.element = element;
    this.#setTitle = setTitle;
    this.#list = h('ul', { class: 'people-list' });
    body.append(this.#list);
    this.render([]);
  }

  render(people: readonly Person[]): void {
    this.#setTitle('people.title', { count: people.length });
    this.#list.replaceChildren(...people.map((person) => this.#item(person)));
  }

  #item(person: Person): HTMLLIElement {
    const avatar = h(
      'span',
      { class: 'avatar small', attrs: { 'aria-hidden': 'true' } },
      initials(person.name),
    );
    avatar.style.setProperty('--hue', String(avatarHue(person.name)));
    const name = h('span', { class: 'person-name' });
    if (person.self) localize(name, 'meeting.youName', { name: person.name });
    else name.textContent = person.name;
    const status = h('span', { class: 'person-state' });
    if (person.state !== null) {
      status.append(localize(h('span'), STATE_LABEL[person.state]));
      if (person.detail !== '') status.append(` · ${person.detail}`);
    }
    const mic = h(
      'span',
      { class: 'person-mic', attrs: { role: 'img' } },
      icon(person.microphoneOn ? 'mic' : 'micOff'),
    );
    localize(mic, 'meeting.micOffIcon', {}, 'aria-label');
    mic.hidden = person.microphoneOn;
    const item = h(
      'li',
      { class: 'person' },
      avatar,
      h('span', { class: 'person-text' }, name, status),
      mic,
    );
    if (!person.self) {
      item.dataset['peerId'] = person.id;
      if (person.state !== null) item.dataset['connectionState'] = person.state;
    }
    return item;
  }
}
