import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { panel } from './panel.js';

export interface PanelSpec {
  /** Names the panel (`panel-<id>` class). */
  readonly id: string;
  readonly title: MessageKey;
  readonly titleParams?: MessageParams;
  /** Called when it opens (focus its input, clear an unread count). */
  readonly onOpen?: () => void;
  /** Called whenever it opens or closes (the button that toggles it follows). */
  readonly onChange?: (open: boolean) => void;
}

export interface PanelHandle {
  /** Where the feature puts its content. */
  readonly body: HTMLDivElement;
  isOpen(): boolean;
  toggle(): void;
  open(): void;
  close(): void;
  setTitle(key: MessageKey, params?: MessageParams): void;
}

interface Entry {
  readonly spec: PanelSpec;
  readonly element: HTMLElement;
}

/** The side of the meeting: one panel at a time (chat, participants, files, ...). */
export class SidePanels {
  readonly element = h('aside', { class: 'side' });
  readonly #entries = new Map<string, Entry>();
  #open: string | null = null;

  constructor(private readonly onLayout: (open: boolean) => void) {
    this.element.hidden = true;
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.show(null);
    });
  }

  get open(): string | null {
    return this.#open;
  }

  add(spec: PanelSpec): PanelHandle {
    const { element, body, setTitle } = panel(spec.id, () => {
      this.show(null);
    });
    setTitle(spec.title, spec.titleParams);
    this.#entries.set(spec.id, { spec, element });
    this.element.append(element);
    return {
      body,
      isOpen: () => this.#open === spec.id,
      toggle: () => {
        this.show(this.#open === spec.id ? null : spec.id);
      },
      open: () => {
        this.show(spec.id);
      },
      close: () => {
        if (this.#open === spec.id) this.show(null);
      },
      setTitle,
    };
  }

  /** Opens one panel (closing the other), or closes whichever is open (null). */
  show(id: string | null): void {
    const previous = this.#open;
    if (previous === id) return;
    this.#open = id !== null && this.#entries.has(id) ? id : null;
    for (const [key, entry] of this.#entries) entry.element.hidden = key !== this.#open;
    this.element.hidden = this.#open === null;
    this.onLayout(this.#open !== null);
    if (previous !== null) this.#entries.get(previous)?.spec.onChange?.(false);
    if (this.#open !== null) {
      const spec = this.#entries.get(this.#open)?.spec;
      spec?.onChange?.(true);
      spec?.onOpen?.();
    }
  }
}
