import { MAX_CHAT_CHARS } from '../../../../client/index.js';
import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { currentLocale, localize } from '../../../ui/localize.js';

export interface ChatEntry {
  /** Display name of the sender; untrusted, shown as text only. */
  readonly from: string;
  readonly self: boolean;
  readonly text: string;
  readonly sentAt: number;
}

/** The chat panel's content: messages (over the data channels) and a box to write one. */
export class ChatPanel {
  readonly #log: HTMLOListElement;
  readonly #empty: HTMLParagraphElement;
  readonly #input: HTMLInputElement;
  readonly #notice: HTMLParagraphElement;

  constructor(body: HTMLElement, onSend: (text: string) => boolean) {
    this.#log = h('ol', { class: 'chat-log', attrs: { 'aria-live': 'polite' } });
    this.#empty = h('p', { class: 'chat-empty', t: 'chat.empty' });
    this.#notice = h('p', { class: 'chat-notice', attrs: { role: 'status' } });
    this.#notice.hidden = true;
    this.#input = h('input', {
      class: 'chat-input',
      attrs: {
        id: 'chat-input',
        type: 'text',
        autocomplete: 'off',
        maxlength: String(MAX_CHAT_CHARS),
      },
      placeholder: 'chat.placeholder',
    });
    const form = h(
      'form',
      { class: 'chat-form' },
      h('label', { class: 'sr-only', attrs: { for: 'chat-input' }, t: 'chat.input' }),
      this.#input,
      h(
        'button',
        { class: 'icon-button send', attrs: { type: 'submit' }, label: 'chat.send' },
        icon('send'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.#input.value.trim();
      if (text === '') return;
      const delivered = onSend(text);
      this.#notice.hidden = delivered;
      if (!delivered) localize(this.#notice, 'chat.notDelivered');
      this.#input.value = '';
    });
    body.append(this.#empty, this.#log, this.#notice, form);
  }

  add(entry: ChatEntry): void {
    this.#empty.hidden = true;
    const time = new Date(entry.sentAt);
    const item = h(
      'li',
      { class: entry.self ? 'chat-message self' : 'chat-message' },
      h(
        'div',
        { class: 'chat-meta' },
        h('span', { class: 'chat-from' }, entry.from),
        h(
          'time',
          { attrs: { datetime: time.toISOString() } },
          time.toLocaleTimeString(currentLocale(), { hour: '2-digit', minute: '2-digit' }),
        ),
      ),
      h('p', { class: 'chat-text' }, entry.text),
    );
    this.#log.append(item);
    item.scrollIntoView({ block: 'end' });
  }

  focus(): void {
    this.#input.focus();
  }
}
