import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { icon, setIcon, type IconName } from '../ui/icons.js';
import { localize } from '../ui/localize.js';

export interface MenuItemSpec {
  readonly id: string;
  readonly icon: IconName;
  readonly label: MessageKey;
  /** Place in the menu, smallest first (same scale as the control bar's). */
  readonly order: number;
  /** Shown only on narrow screens: the copy of a button that gave way there. */
  readonly narrowOnly?: boolean;
  readonly onSelect: () => void;
}

export interface MenuItem {
  setLabel(key: MessageKey, params?: MessageParams): void;
  setIcon(name: IconName): void;
  setHidden(hidden: boolean): void;
  /** Highlighted: the thing is on. */
  setChecked(on: boolean): void;
}

let menus = 0;

/**
 * The "More options" button and its menu (ARIA menu pattern: arrow keys, Home/End, Escape
 * closes and returns focus; a click outside closes). Features add meeting-level actions.
 */
export class MoreMenu {
  readonly button: HTMLElement;
  readonly #toggle: HTMLButtonElement;
  readonly #list: HTMLDivElement;
  readonly #onOutside = (event: PointerEvent): void => {
    if (!this.button.contains(event.target as Node)) this.close();
  };

  constructor() {
    const id = `more-menu-${String(++menus)}`;
    this.#toggle = h(
      'button',
      {
        class: 'control control-more',
        label: 'control.more',
        attrs: {
          type: 'button',
          'aria-haspopup': 'menu',
          'aria-expanded': 'false',
          'aria-controls': id,
        },
      },
      icon('more'),
    );
    localize(this.#toggle, 'control.more', {}, 'title');
    this.#list = h('div', { class: 'menu', label: 'control.more', attrs: { role: 'menu', id } });
    this.#list.hidden = true;
    this.button = h('div', { class: 'menu-anchor' }, this.#toggle, this.#list);
    this.#toggle.addEventListener('click', () => {
      if (this.#list.hidden) this.open();
      else this.close();
    });
    this.#list.addEventListener('keydown', (event) => {
      this.#onKey(event);
    });
  }

  add(spec: MenuItemSpec): MenuItem {
    const svg = icon(spec.icon);
    const label = h('span');
    const item = h(
      'button',
      { class: 'menu-item', attrs: { type: 'button', role: 'menuitem', tabindex: '-1' } },
      svg,
      label,
    );
    item.dataset['action'] = spec.id;
    item.dataset['order'] = String(spec.order);
    if (spec.narrowOnly) item.classList.add('narrow-only');
    item.addEventListener('click', () => {
      this.close();
      spec.onSelect();
    });
    const after = [...this.#list.children].find(
      (child) => Number((child as HTMLElement).dataset['order']) > spec.order,
    );
    this.#list.insertBefore(item, after ?? null);
    const handle: MenuItem = {
      setLabel: (key, params) => {
        localize(label, key, params);
      },
      setIcon: (name) => {
        setIcon(svg, name);
      },
      setHidden: (hidden) => {
        item.hidden = hidden;
      },
      setChecked: (on) => item.classList.toggle('on', on),
    };
    handle.setLabel(spec.label);
    return handle;
  }

  open(): void {
    this.#list.hidden = false;
    this.#toggle.setAttribute('aria-expanded', 'true');
    this.#items()[0]?.focus();
    document.addEventListener('pointerdown', this.#onOutside);
  }

  close(): void {
    if (this.#list.hidden) return;
    this.#list.hidden = true;
    this.#toggle.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', this.#onOutside);
  }

  dispose(): void {
    document.removeEventListener('pointerdown', this.#onOutside);
  }

  /** The items a person can reach now (visible at this screen width). */
  #items(): HTMLButtonElement[] {
    return [...this.#list.querySelectorAll<HTMLButtonElement>('.menu-item')].filter(
      (item) => !item.hidden && item.offsetParent !== null,
    );
  }

  #onKey(event: KeyboardEvent): void {
    const items = this.#items();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (index: number) => items[(index + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') focus(at + 1);
    else if (event.key === 'ArrowUp') focus(at - 1);
    else if (event.key === 'Home') focus(0);
    else if (event.key === 'End') focus(items.length - 1);
    else if (event.key === 'Tab') {
      this.close();
      return;
    } else if (event.key === 'Escape') {
      this.close();
      this.#toggle.focus();
    } else return;
    event.preventDefault();
  }
}
