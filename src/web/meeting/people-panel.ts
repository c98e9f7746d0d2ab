import type { ConnectionState } from '../../client/index.js';
import type { MessageKey } from '../i18n/i18n.js';
import { avatarHue, initials } from '../ui/avatar.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { localize } from '../ui/localize.js';
import type { PanelHandle } from './side-panels.js';

export interface Person {
  /** A participant id, or `SELF`. */
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

/** What a feature shows in a participant's row: a badge (hand raised) or an action button. */
export type PersonDecoration = (person: Person) => Node | null;

/**
 * Everyone in the meeting, with the state of our connection to each. Features add
 * sections above the list (the raised hands), badges and per-participant actions (pin,
 * send a file; a host's mute and remove come the same way).
 */
export class PeoplePanel {
  readonly #list: HTMLUListElement;
  readonly #sections: HTMLDivElement;
  readonly #badges: PersonDecoration[] = [];
  readonly #actions: PersonDecoration[] = [];
  #people: readonly Person[] = [];

  constructor(private readonly panel: PanelHandle) {
    this.#sections = h('div', { class: 'people-sections' });
    this.#list = h('ul', { class: 'people-list' });
    panel.body.append(this.#sections, this.#list);
    this.#draw();
  }

  get people(): readonly Person[] {
    return this.#people;
  }

  /** A block above the list (its owner keeps it up to date). */
  addSection(element: HTMLElement): void {
    this.#sections.append(element);
  }

  addBadge(render: PersonDecoration): void {
    this.#badges.push(render);
    this.refresh();
  }

  addAction(render: PersonDecoration): void {
    this.#actions.push(render);
    this.refresh();
  }

  /**
   * The people to list. Rows are drawn again only when something a person can see changed:
   * a closed panel leaves out the connection details, which change with every stats tick.
   */
  render(people: readonly Person[]): void {
    const unchanged = rowsUnchanged(this.#people, people, this.panel.isOpen());
    this.#people = people;
    if (!unchanged) this.#draw();
  }

  /** Draws the rows again (a badge or an action changed). */
  refresh(): void {
    this.#draw();
  }

  /** The panel opened or closed: an opened one shows the latest details. */
  shown(open: boolean): void {
    if (open) this.#draw();
  }

  #draw(): void {
    const people = this.#people;
    this.panel.setTitle('people.title', { count: people.length });
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
    const decorate = (renders: readonly PersonDecoration[]) =>
      renders.map((render) => render(person)).filter((node) => node !== null);
    const actions = decorate(this.#actions);
    const item = h(
      'li',
      { class: 'person' },
      avatar,
      h('span', { class: 'person-text' }, name, status),
      ...decorate(this.#badges),
      mic,
      actions.length === 0 ? null : h('span', { class: 'person-actions' }, ...actions),
    );
    item.dataset['person'] = person.id;
    if (!person.self) {
      item.dataset['peerId'] = person.id;
      if (person.state !== null) item.dataset['connectionState'] = person.state;
    }
    return item;
  }
}

/** Whether rows drawn for `drawn` still show `next` (details count only when shown). */
export function rowsUnchanged(
  drawn: readonly Person[],
  next: readonly Person[],
  withDetails: boolean,
): boolean {
  const keys = (person: Person) =>
    (Object.keys(person) as (keyof Person)[]).filter((key) => withDetails || key !== 'detail');
  return (
    drawn.length === next.length &&
    next.every((person, i) => {
      const old = drawn[i];
      return old !== undefined && keys(person).every((key) => old[key] === person[key]);
    })
  );
}
