import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { icon, setIcon, type IconName } from '../ui/icons.js';
import { localize } from '../ui/localize.js';
import { MoreMenu, type MenuItem } from './more-menu.js';

/** `main`: the middle of the bar; `side`: the right end (panels). */
export type ControlGroup = 'main' | 'side';

export interface ControlSpec {
  /** Names the button for styles and tests (`data-action`). */
  readonly id: string;
  readonly icon: IconName;
  readonly label: MessageKey;
  readonly labelParams?: MessageParams;
  readonly group?: ControlGroup;
  /**
   * Place in its group, smallest first. Main: microphone 10, camera 20, share 30, hand 40,
   * reactions 50, invite 60, QR 65, more 90, leave 100. Side: chat 10, files 20, people 30.
   */
  readonly order: number;
  /** On a narrow screen the button gives way to an entry of the "more" menu. */
  readonly collapsible?: boolean;
  readonly onPress: () => void;
}

/** What a feature may change of its button (and of its menu copy on narrow screens). */
export interface ControlHandle {
  readonly element: HTMLButtonElement;
  setLabel(key: MessageKey, params?: MessageParams): void;
  setIcon(name: IconName): void;
  /** Drawn in warning red (microphone muted, camera off). */
  setOff(off: boolean): void;
  /** Highlighted: the thing is on (sharing, hand raised). */
  setOn(on: boolean): void;
  /** For buttons that open something: `aria-expanded`. */
  setExpanded(expanded: boolean): void;
  setBadge(count: number): void;
  setHidden(hidden: boolean): void;
}

/** The bar at the bottom of the meeting: buttons that features add, and the "more" menu. */
export class ControlBar {
  readonly element: HTMLElement;
  /** Meeting-level actions that do not need a button of their own. */
  readonly menu = new MoreMenu();
  readonly #main = h('div', { class: 'controls-main' });
  readonly #side = h('div', { class: 'controls-side' });
  readonly #popovers = h('div', { class: 'popovers' });

  constructor() {
    this.element = h(
      'nav',
      { class: 'control-bar', label: 'controls.label' },
      this.#popovers,
      this.#main,
      this.#side,
    );
    this.#place(this.menu.button, 'main', 90);
  }

  add(spec: ControlSpec): ControlHandle {
    const svg = icon(spec.icon);
    const badge = h('span', { class: 'control-badge', attrs: { 'aria-hidden': 'true' } });
    badge.hidden = true;
    const button = h(
      'button',
      { class: `control control-${spec.id}`, attrs: { type: 'button' } },
      svg,
      badge,
    );
    button.dataset['action'] = spec.id;
    button.addEventListener('click', spec.onPress);
    const copy: MenuItem | null = spec.collapsible
      ? this.menu.add({
          id: spec.id,
          icon: spec.icon,
          label: spec.label,
          order: spec.order,
          narrowOnly: true,
          onSelect: spec.onPress,
        })
      : null;
    if (spec.collapsible) button.classList.add('collapsible');
    const handle: ControlHandle = {
      element: button,
      setLabel: (key, params) => {
        localize(button, key, params, 'aria-label');
        localize(button, key, params, 'title');
        copy?.setLabel(key, params);
      },
      setIcon: (name) => {
        setIcon(svg, name);
        copy?.setIcon(name);
      },
      setOff: (off) => button.classList.toggle('off', off),
      setOn: (on) => {
        button.classList.toggle('active', on);
        copy?.setChecked(on);
      },
      setExpanded: (expanded) => {
        button.classList.toggle('active', expanded);
        button.setAttribute('aria-expanded', String(expanded));
      },
      setBadge: (count) => {
        badge.hidden = count === 0;
        badge.textContent = count > 99 ? '99+' : String(count);
      },
      setHidden: (hidden) => {
        button.hidden = hidden;
        copy?.setHidden(hidden);
      },
    };
    handle.setLabel(spec.label, spec.labelParams);
    this.#place(button, spec.group ?? 'main', spec.order);
    return handle;
  }

  /** A popover a button opens (reactions, QR code), shown above the bar. */
  addPopover(element: HTMLElement): void {
    this.#popovers.append(element);
  }

  #place(button: HTMLElement, group: ControlGroup, order: number): void {
    button.dataset['order'] = String(order);
    const area = group === 'main' ? this.#main : this.#side;
    const after = [...area.children].find((child) => orderOf(child) > order);
    area.insertBefore(button, after ?? null);
  }
}

function orderOf(element: Element): number {
  return Number((element as HTMLElement).dataset['order'] ?? '0');
}
