import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { localize } from './localize.js';

export type Child = Node | string | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  /** Localized text content. */
  readonly t?: MessageKey;
  readonly params?: MessageParams;
  /** Localized accessible name (aria-label). */
  readonly label?: MessageKey;
  readonly labelParams?: MessageParams;
  readonly placeholder?: MessageKey;
}

/**
 * Creates an element. String children become text nodes: nothing here parses HTML, so
 * names and chat messages from other participants can never inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class !== undefined) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  if (props.t !== undefined) localize(element, props.t, props.params);
  if (props.label !== undefined) localize(element, props.label, props.labelParams, 'aria-label');
  if (props.placeholder !== undefined) localize(element, props.placeholder, {}, 'placeholder');
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Text that only screen readers read (next to an icon, for instance). */
export function srOnly(key: MessageKey, params?: MessageParams): HTMLSpanElement {
  return h('span', { class: 'sr-only', t: key, ...(params === undefined ? {} : { params }) });
}
