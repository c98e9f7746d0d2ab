import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from './dom.js';
import { localize } from './localize.js';

const SHOW_MS = 4000;

/** Short notices ("Ann joined", "Invite link copied"), read out by screen readers. */
export class Toasts {
  readonly element = h('div', {
    class: 'toasts',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  show(key: MessageKey, params?: MessageParams, ms = SHOW_MS): void {
    const toast = localize(h('div', { class: 'toast' }), key, params);
    this.element.append(toast);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      toast.remove();
    }, ms);
    this.#timers.add(timer);
  }

  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
