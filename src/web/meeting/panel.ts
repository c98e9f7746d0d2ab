import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { localize } from '../ui/localize.js';

let panels = 0;

/** A side panel (chat, participants): a titled region with a close button. */
export function panel(
  kind: string,
  onClose: () => void,
): {
  element: HTMLElement;
  body: HTMLDivElement;
  setTitle: (key: MessageKey, params?: MessageParams) => void;
} {
  const id = `panel-title-${String(++panels)}`;
  const title = h('h2', { class: 'panel-title', attrs: { id } });
  const close = h(
    'button',
    { class: 'icon-button', attrs: { type: 'button' }, label: 'control.close' },
    icon('close'),
  );
  close.addEventListener('click', onClose);
  const body = h('div', { class: 'panel-body' });
  const element = h(
    'section',
    { class: `panel panel-${kind}`, attrs: { 'aria-labelledby': id } },
    h('header', { class: 'panel-header' }, title, close),
    body,
  );
  element.hidden = true;
  return {
    element,
    body,
    setTitle: (key, params) => {
      localize(title, key, params);
    },
  };
}
