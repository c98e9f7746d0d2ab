import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from './dom.js';
import { icon } from './icons.js';
import { localize } from './localize.js';

/**
 * A small non-modal dialog above the control bar (reactions, invite QR code): titled,
 * closed by its close button, Escape or a click outside; focus goes in and comes back.
 */
export class Popover {
  readonly element: HTMLElement;
  readonly body = h('div', { class: 'popover-body' });
  #opener: HTMLElement | null = null;
  readonly #onOutside = (event: PointerEvent): void => {
    const target = event.target as Node;
    if (!this.element.contains(target) && !(this.#opener?.contains(target) ?? false)) this.close();
  };

  constructor(
    kind: string,
    title: MessageKey,
    private readonly onChange: (open: boolean) => void = () => undefined,
    titleParams?: MessageParams,
  ) {
    const heading = localize(h('h2', { class: 'popover-title' }), title, titleParams);
    const close = h(
      'button',
      { class: 'icon-button', attrs: { type: 'button' }, label: 'control.close' },
      icon('close'),
    );
    close.addEventListener('click', () => {
      this.close();
    });
    this.element = h(
      'section',
      { class: `popover popover-${kind}`, attrs: { role: 'dialog' } },
      h('header', { class: 'popover-header' }, heading, close),
      this.body,
    );
    localize(this.element, title, titleParams, 'aria-label');
    this.element.hidden = true;
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  toggle(opener: HTMLElement | null = null): void {
    if (this.isOpen) this.close();
    else this.open(opener);
  }

  open(opener: HTMLElement | null = null): void {
    this.#opener = opener;
    this.element.hidden = false;
    document.addEventListener('pointerdown', this.#onOutside);
    this.element.querySelector<HTMLElement>('.popover-body button, .popover-body a')?.focus();
    this.onChange(true);
  }

  close(): void {
    if (!this.isOpen) return;
    this.element.hidden = true;
    document.removeEventListener('pointerdown', this.#onOutside);
    if (this.element.contains(document.activeElement)) this.#opener?.focus();
    this.onChange(false);
  }

  dispose(): void {
    document.removeEventListener('pointerdown', this.#onOutside);
  }
}
