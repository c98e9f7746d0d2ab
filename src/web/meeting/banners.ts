import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { localize } from '../ui/localize.js';

/** Lasting conditions shown above the grid until they end; one banner per kind. */
export type BannerKind = 'signaling' | 'mesh-size' | 'media-server' | 'uplink';

/** The banner strip at the top of the meeting. */
export class Banners {
  readonly element = h('div', { class: 'banners' });
  readonly #shown = new Map<BannerKind, HTMLDivElement>();

  /** Shows or updates a banner; an unchanged one is left alone (so it is announced once). */
  show(kind: BannerKind, key: MessageKey, params?: MessageParams): void {
    let banner = this.#shown.get(kind);
    if (banner === undefined) {
      banner = h('div', { class: 'banner', attrs: { role: 'alert', 'data-banner': kind } });
      this.#shown.set(kind, banner);
      this.element.append(banner);
    }
    const message = JSON.stringify([key, params ?? {}]);
    if (banner.dataset['message'] === message) return;
    banner.dataset['message'] = message;
    banner.replaceChildren(icon('warning'), localize(h('span'), key, params));
  }

  showing(kind: BannerKind): boolean {
    return this.#shown.has(kind);
  }

  hide(kind: BannerKind): void {
    this.#shown.get(kind)?.remove();
    this.#shown.delete(kind);
  }
}
